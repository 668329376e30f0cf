namespace Zk.Node.Server.Quorum;

/// <summary>Limits and timings of the election channel (QuorumCnxManager's knobs).</summary>
internal sealed record ElectionTransportOptions
{
    /// <summary>This server's id; connections between two members are kept only when the larger id opened them.</summary>
    public required long MySid { get; init; }

    /// <summary>This server's election address as written on its server.N line (bound, and sent in the handshake).</summary>
    public required PeerEndpoint Self { get; init; }

    /// <summary>quorumListenOnAllIPs: bind the wildcard address instead of the configured host.</summary>
    public bool ListenOnAllIps { get; init; }

    /// <summary>electionPortBindRetry: attempts after the first failed bind; 0 retries forever.</summary>
    public int BindRetries { get; init; } = 3;

    public int BindRetryIntervalMs { get; init; } = 1000;

    /// <summary>cnxTimeout: how long a connect or a handshake may take.</summary>
    public int ConnectTimeoutMs { get; init; } = 5000;

    /// <summary>QuorumCnxManager.PACKETMAXSIZE: a larger length prefix closes the connection.</summary>
    public int MaxMessageBytes { get; init; } = 512 * 1024;

    /// <summary>Messages queued per peer; when full the oldest is dropped, so the latest vote wins (ZooKeeper keeps 1).</summary>
    public int SendQueueCapacity { get; init; } = 1;

    public int MinReconnectBackoffMs { get; init; } = 50;

    public int MaxReconnectBackoffMs { get; init; } = 2000;
}
