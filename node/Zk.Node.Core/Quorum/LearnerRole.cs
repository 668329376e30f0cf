namespace Zk.Node.Core.Quorum;

/// <summary>A member's role in the dynamic configuration (ZooKeeper's LearnerType).</summary>
public enum LearnerRole
{
    /// <summary>Votes in elections and counts towards quorums.</summary>
    Participant,

    /// <summary>Learns the committed history but never votes and never counts towards a quorum.</summary>
    Observer,
}
