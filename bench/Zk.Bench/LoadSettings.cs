namespace Zk.Bench;

/// <summary>What one load run does; every server in a comparison gets the same settings.</summary>
internal sealed record LoadSettings
{
    public int Connections { get; init; } = 4;

    /// <summary>Requests each connection keeps in flight.</summary>
    public int Depth { get; init; } = 32;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Measured phase length; ignored when <see cref="Operations"/> is set.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Measured operation count instead of a fixed duration.</summary>
    public long? Operations { get; init; }

    public int DataBytes { get; init; } = 100;

    /// <summary>Pre-created nodes that getData/setData pick from uniformly.</summary>
    public int Keys { get; init; } = 1000;

    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Open loop: the whole run issues this many operations per second on a fixed schedule, spread over its
    /// Connections x Depth workers, and latency counts from each operation's scheduled start, so a server that
    /// falls behind pays for the queue it builds (no coordinated omission). Null: closed loop (as fast as answered).
    /// </summary>
    public double? Rate { get; init; }
}
