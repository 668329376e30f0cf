namespace Zk.Node.Server.Quorum;

/// <summary>Limits and timings of the leader-learner channel.</summary>
internal sealed record QuorumTransportOptions
{
    public required long MySid { get; init; }

    /// <summary>This server's quorum address from its server.N line; the leader listens here.</summary>
    public required PeerEndpoint Self { get; init; }

    /// <summary>quorumListenOnAllIPs: bind the wildcard address instead of the configured host.</summary>
    public bool ListenOnAllIps { get; init; }

    /// <summary>Limit on one encoded packet. SNAP carries a whole snapshot, so this is far above jute.maxbuffer.</summary>
    public int MaxPacketBytes { get; init; } = 512 * 1024 * 1024;

    /// <summary>How long a learner may take to send FOLLOWERINFO/OBSERVERINFO after connecting (initLimit * tickTime).</summary>
    public int FirstPacketTimeoutMs { get; init; } = 20_000;

    /// <summary>How long a learner keeps trying to reach the leader before giving up (initLimit * tickTime, as Learner.connectToLeader).</summary>
    public int LeaderConnectDeadlineMs { get; init; } = 20_000;

    /// <summary>
    /// First pause after a refused leader connect, doubled after each refusal up to <see cref="MaxLeaderConnectRetryMs"/>.
    /// Followers decide an election within milliseconds of their leader, often before it listens: a short first pause
    /// keeps that race from adding a whole retry interval to every failover.
    /// </summary>
    public int MinLeaderConnectRetryMs { get; init; } = 5;

    public int MaxLeaderConnectRetryMs { get; init; } = 200;

    /// <summary>How long a closed connection may take to send what was queued before it is cut.</summary>
    public int CloseGraceMs { get; init; } = 1000;

    /// <summary>cnxTimeout for one connect attempt.</summary>
    public int ConnectTimeoutMs { get; init; } = 5000;
}
