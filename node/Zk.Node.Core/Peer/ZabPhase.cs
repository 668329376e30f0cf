namespace Zk.Node.Core.Peer;

/// <summary>Where a member is in ZAB (mntr's zk_peer_state suffix): electing, then the three phases of a leader's epoch.</summary>
public enum ZabPhase
{
    /// <summary>LOOKING: FastLeaderElection is running.</summary>
    Election,

    /// <summary>Leader and learners agree on a new epoch (FOLLOWERINFO, LEADERINFO, ACKEPOCH).</summary>
    Discovery,

    /// <summary>Learners are brought to the leader's history (DIFF/TRUNC/SNAP, NEWLEADER, UPTODATE).</summary>
    Synchronization,

    /// <summary>The epoch is established: proposals, acks and commits; clients are served.</summary>
    Broadcast,
}
