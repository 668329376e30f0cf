namespace Zk.Node.Core.Zab;

/// <summary>The leader's view of one connected learner (ZooKeeper's LearnerHandler, minus the thread).</summary>
internal sealed class LearnerHandler(long sid, bool isObserver, long acceptedEpoch, long nowMs)
{
    public long Sid { get; } = sid;

    public bool IsObserver { get; } = isObserver;

    /// <summary>From FOLLOWERINFO: the epoch the learner last promised.</summary>
    public long AcceptedEpoch { get; } = acceptedEpoch;

    public LearnerStage Stage { get; set; } = LearnerStage.Connected;

    /// <summary>From ACKEPOCH: the learner's current epoch and last logged zxid.</summary>
    public long CurrentEpoch { get; set; }

    public long LastZxid { get; set; }

    /// <summary>Everything up to here is in the learner's log (what the synchronization sent, or its own history).</summary>
    public long SyncedThrough { get; set; }

    /// <summary>Highest zxid the learner acknowledged (acks are cumulative: the log is written in order).</summary>
    public long AckedZxid { get; set; }

    public long LastHeardMs { get; set; } = nowMs;

    /// <summary>Gets proposals, commits and informs: the synchronization was sent, later txns must follow it.</summary>
    public bool IsForwarding => Stage >= LearnerStage.Syncing;
}
