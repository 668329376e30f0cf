namespace Zk.Node.Core.Zab;

/// <summary>How far a learner got with the leader of this epoch.</summary>
internal enum LearnerStage
{
    /// <summary>FOLLOWERINFO/OBSERVERINFO received (LEADERINFO sent once the epoch is known).</summary>
    Connected,

    /// <summary>ACKEPOCH received.</summary>
    EpochAcked,

    /// <summary>DIFF/TRUNC/SNAP and NEWLEADER sent.</summary>
    Syncing,

    /// <summary>NEWLEADER acknowledged: the learner holds the leader's history.</summary>
    Synced,

    /// <summary>UPTODATE sent: the learner serves clients.</summary>
    UpToDate,
}
