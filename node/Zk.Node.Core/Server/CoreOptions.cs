namespace Zk.Node.Core.Server;

/// <summary>
/// Every knob and limit of the request pipeline, in one place (architecture principle 7). Defaults are
/// ZooKeeper's (zoo.cfg and system properties noted per field).
/// </summary>
public sealed record CoreOptions
{
    /// <summary>myid; becomes the top byte of every session id this server allocates (1 … 254).</summary>
    public long ServerId { get; init; } = 1;

    /// <summary>tickTime: the session expiry bucket width.</summary>
    public int TickTimeMs { get; init; } = 2000;

    /// <summary>minSessionTimeout; 0 means 2 × tickTime.</summary>
    public int MinSessionTimeoutMs { get; init; }

    /// <summary>maxSessionTimeout; 0 means 20 × tickTime.</summary>
    public int MaxSessionTimeoutMs { get; init; }

    /// <summary>jute.maxbuffer: the largest buffer or string accepted inside a request.</summary>
    public int MaxBufferLength { get; init; } = 0xfffff;

    /// <summary>
    /// The largest reply payload the server builds: jute.maxbuffer plus room for one record's fixed fields, so a
    /// getData of the largest node a client could write still goes out. A reply past it (a multiRead of many large
    /// nodes, a getChildren of a huge node) is answered MARSHALLINGERROR instead: ZooKeeper would send it and the
    /// client would drop the connection on it ("Packet len is out of range") and retry forever; a definite error
    /// keeps the session and tells the caller what went wrong.
    /// </summary>
    public int MaxReplyBytes => MaxBufferLength + ReplyOverheadBytes;

    /// <summary>ReplyHeader (16) + length (4) + Stat (68), rounded up: what a single-record reply adds to its data.</summary>
    internal const int ReplyOverheadBytes = 1024;

    /// <summary>zookeeper.DigestAuthenticationProvider.superDigest, "super:&lt;base64 sha1&gt;"; null = no super user.</summary>
    public string? SuperDigest { get; init; }

    /// <summary>DIGEST-MD5 users (user → password); empty turns SASL off (the server answers with a null token).</summary>
    public IReadOnlyDictionary<string, string> SaslUsers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Requests a connection may have in the pipeline (received, not yet answered). At the limit the host
    /// stops reading that socket until <see cref="ServerCore.CanReceive"/> turns true again, as ZooKeeper's
    /// throttling does; requests that still arrive are queued, never dropped, so replies stay in order.
    /// </summary>
    public int MaxOutstandingPerConnection { get; init; } = 1000;

    /// <summary>
    /// maxWatchesPerConnection (zknode's own key): watches one connection may hold. A request that would arm one more
    /// is answered THROTTLED and not served; setWatches after a reconnect arms up to the limit and answers THROTTLED.
    /// 0 means no limit, as in ZooKeeper.
    /// </summary>
    public int MaxWatchesPerConnection { get; init; } = 100_000;

    /// <summary>skipACL=yes: no permission check at all (reads, writes, reconfig, watch delivery), as in ZooKeeper.</summary>
    public bool SkipAcl { get; init; }

    /// <summary>zookeeper.extendedTypesEnabled: TTL nodes.</summary>
    public bool ExtendedTypesEnabled { get; init; }

    /// <summary>znode.container.checkIntervalMs: how often containers and TTL nodes are reaped.</summary>
    public int ContainerCheckIntervalMs { get; init; } = 60_000;

    /// <summary>
    /// Where secrets come from: session passwords and SASL DIGEST-MD5 nonces. A host must pass a cryptographic
    /// source (RandomNumberGenerator.Fill): a predictable one lets anyone take over sessions and replay SASL logins.
    /// Null draws from the seeded <see cref="RandomSeed"/> random, which only deterministic tests may do.
    /// </summary>
    public Action<Span<byte>>? RandomBytes { get; init; }

    /// <summary>Reported by srvr/mntr.</summary>
    public string Version { get; init; } = "3.8.4-zknode";

    /// <summary>snapCount: txns between snapshots (the real threshold is randomised in [snapCount/2, snapCount)).</summary>
    public int SnapCount { get; init; } = 100_000;

    /// <summary>
    /// Standalone only: a write that fails validation is logged as an error txn and consumes a zxid, as ZooKeeper 3.8
    /// does (its reply carries that zxid). Off keeps the older zknode behaviour of answering without a log record.
    /// In an ensemble error txns are always on: learners need a committed txn to answer a forwarded write.
    /// </summary>
    public bool ErrorTxns { get; init; }

    /// <summary>reconfigEnabled: without it reconfig answers RECONFIGDISABLED; a standalone server answers UNIMPLEMENTED when it is on.</summary>
    public bool ReconfigEnabled { get; init; }

    /// <summary>Seeds the core's non-secret random choices (snapshot roll), and secrets too when <see cref="RandomBytes"/> is null.</summary>
    public int RandomSeed { get; init; } = 1;

    internal int EffectiveMinSessionTimeoutMs => MinSessionTimeoutMs > 0 ? MinSessionTimeoutMs : 2 * TickTimeMs;

    internal int EffectiveMaxSessionTimeoutMs => MaxSessionTimeoutMs > 0 ? MaxSessionTimeoutMs : 20 * TickTimeMs;
}
