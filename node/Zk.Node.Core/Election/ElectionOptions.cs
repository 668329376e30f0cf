namespace Zk.Node.Core.Election;

/// <summary>
/// FastLeaderElection's timers, in ticks of the host's election clock (each <see cref="FastLeaderElection.Tick"/> is one).
/// ZooKeeper's values in milliseconds: finalizeWait 200, minNotificationInterval = finalizeWait,
/// maxNotificationInterval 60000; <see cref="FromMilliseconds"/> converts them for a given tick length.
/// </summary>
public sealed record ElectionOptions
{
    /// <summary>ZooKeeper's finalizeWait.</summary>
    public const int FinalizeWaitMs = 200;

    /// <summary>ZooKeeper's default zookeeper.fle.maxNotificationInterval.</summary>
    public const int MaxNotificationIntervalMs = 60_000;

    /// <summary>How long a proposal backed by a quorum waits for a better notification before it is final.</summary>
    public int FinalizeWaitTicks { get; init; } = 20;

    /// <summary>The first wait for any notification before notifications are sent again.</summary>
    public int MinNotificationIntervalTicks { get; init; } = 20;

    /// <summary>The ceiling of that wait, which doubles after every silent period.</summary>
    public int MaxNotificationIntervalTicks { get; init; } = 6_000;

    /// <summary>ZooKeeper's timings for a clock ticking every <paramref name="tickMs"/> milliseconds (defaults: 10 ms).</summary>
    public static ElectionOptions FromMilliseconds(int tickMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tickMs);
        int finalize = Math.Max(1, FinalizeWaitMs / tickMs);
        return new ElectionOptions
        {
            FinalizeWaitTicks = finalize,
            MinNotificationIntervalTicks = finalize,
            MaxNotificationIntervalTicks = Math.Max(finalize, MaxNotificationIntervalMs / tickMs),
        };
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FinalizeWaitTicks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinNotificationIntervalTicks);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNotificationIntervalTicks, MinNotificationIntervalTicks);
    }
}
