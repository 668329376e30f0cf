namespace Zk.Node.Server.Network;

/// <summary>
/// Every limit of the client network layer in one place (architecture principle 7): what one client, or many, may
/// hold of the server's sockets, memory and attention.
/// </summary>
internal sealed record ClientLimits
{
    /// <summary>The largest frame accepted (jute.maxbuffer plus room for the request header).</summary>
    public int MaxFrameLength { get; init; } = 0xfffff + 1024;

    /// <summary>maxClientCnxns: connections from one remote address; 0 means no limit.</summary>
    public int MaxConnectionsPerHost { get; init; } = 60;

    /// <summary>maxCnxns: client connections in total; 0 means no limit.</summary>
    public int MaxConnections { get; init; }

    /// <summary>How long a new connection may take to send its ConnectRequest or four-letter word.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unsent output bytes at which a connection stops being read (its replies wait for the client to read).</summary>
    public long MaxQueuedOutputBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Request bytes a connection may have in the core unanswered (large writes wait there for their fsync): without it
    /// globalOutstandingLimit writes of 1 MB each held a gigabyte per connection. Four times the output bound, 16 MiB.
    /// </summary>
    public long MaxUnansweredRequestBytes => 4 * MaxQueuedOutputBytes;

    /// <summary>
    /// Unsent watch events at which a connection is dropped: pausing its reads bounds its replies, but not the events
    /// other clients' writes keep adding for it (a persistent watch needs no re-arming). Eight times the output bound
    /// (32 MiB by default) takes a burst of 100,000 watches firing at once; only a client that has stopped reading gets there.
    /// </summary>
    public long MaxUnreadEventBytes => (8 * MaxQueuedOutputBytes) + MaxFrameLength;

    /// <summary>
    /// globalOutstandingLimit: requests per connection that are unanswered or answered but not yet sent; at the limit the
    /// connection stops being read.
    /// </summary>
    public int MaxOutstandingRequests { get; init; } = 1000;

    /// <summary>File descriptors kept free of client connections for the runtime, logs and data files.</summary>
    public int FileDescriptorReserve { get; init; } = 64;

    /// <summary>How long the accept loop waits after a failed accept (out of file descriptors), as ZooKeeper's 10 ms.</summary>
    public TimeSpan AcceptFailureBackoff { get; init; } = TimeSpan.FromMilliseconds(10);
}
