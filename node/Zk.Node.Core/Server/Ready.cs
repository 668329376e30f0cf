namespace Zk.Node.Core.Server;

/// <summary>
/// Everything the host must do after an input, in this order: append <see cref="Persist"/> to the txn log and
/// fsync (then call <see cref="ServerCore.Persisted"/>), send <see cref="Send"/> per connection in list order,
/// close <see cref="Close"/> once the frames queued before them are flushed. Replies that depend on a txn are
/// never in the same batch as that txn: they appear only after <see cref="ServerCore.Persisted"/> covers it.
/// </summary>
public sealed class Ready
{
    public List<PendingTxn> Persist { get; } = [];

    public List<OutboundFrame> Send { get; } = [];

    public List<ConnectionId> Close { get; } = [];

    /// <summary>Connections in <see cref="Close"/> because their input did not decode, and why (for the host's log).</summary>
    public List<MalformedInput> Malformed { get; } = [];

    /// <summary>Payload bytes in <see cref="Send"/>: the host hands the batch over early when it grows large.</summary>
    public long SendBytes { get; set; }

    /// <summary>snapCount txns were logged since the last snapshot (ZooKeeper's randomised roll).</summary>
    public bool SnapshotDue { get; set; }

    /// <summary>Requests that failed with an unexpected exception (answered with an error); the host logs each once.</summary>
    public List<string> Faults { get; } = [];

    public bool IsEmpty => Persist.Count == 0 && Send.Count == 0 && Close.Count == 0 && Faults.Count == 0 && !SnapshotDue;
}
