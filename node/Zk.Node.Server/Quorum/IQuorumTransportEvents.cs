using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// What the leader-learner channel reports, called on I/O threads; the host posts each to the core thread. For one
/// connection the order is: connected, its packets in arrival order, disconnected. A connection replaced by a newer
/// one for the same id (a learner reconnecting) goes silent: nothing more is reported for it.
/// </summary>
internal interface IQuorumTransportEvents
{
    /// <summary>Leader side: a learner identified itself with FOLLOWERINFO/OBSERVERINFO; that packet follows in <see cref="Received"/>.</summary>
    void LearnerConnected(long sid, LearnerRole role);

    /// <summary>Learner side: the connection to the leader is up; the core may now send FOLLOWERINFO/OBSERVERINFO.</summary>
    void LeaderConnected(long leaderSid);

    /// <summary>Learner side: the leader could not be reached before the deadline.</summary>
    void LeaderUnreachable(long leaderSid);

    void Received(long sid, QuorumPacket packet);

    void Disconnected(long sid);
}
