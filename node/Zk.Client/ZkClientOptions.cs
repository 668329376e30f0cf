namespace Zk.Client;

/// <summary>Limits and knobs of one <see cref="ZkClient"/>; the defaults match the Java client where it has one.</summary>
public sealed record ZkClientOptions
{
    public static readonly ZkClientOptions Default = new();

    /// <summary>Largest frame accepted from the server or sent to it (jute.maxbuffer plus headers).</summary>
    public int MaxFrameBytes { get; init; } = 0xfffff + 1024;

    /// <summary>Requests in flight on the connection; further calls wait for a slot.</summary>
    public int MaxOutstandingRequests { get; init; } = 10_000;

    /// <summary>How long one TCP connect plus handshake may take before the next host is tried.</summary>
    public TimeSpan ConnectAttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause after every host of the connect string failed once, before the next round.</summary>
    public TimeSpan ReconnectBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Tell the server we accept a read-only connection (ConnectRequest.readOnly).</summary>
    public bool CanBeReadOnly { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
