using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// What the leader-learner channel reports, called on I/O threads; the host posts each to the core thread. For one
/// connection the order is: connected, its packets in arrival order, disconnected. Every event names its connection
/// (a number unique within the transport) so the core thread can ignore what is still in flight from a connection
/// it already closed or that a reconnect replaced. Closes the host asks for are not reported back.
/// </summary>
internal interface IQuorumTransportEvents
{
    /// <summary>Leader side: a learner identified itself with FOLLOWERINFO/OBSERVERINFO; that packet follows in <see cref="Received"/>.</summary>
    void LearnerConnected(long sid, long connection, LearnerRole role);

    /// <summary>Learner side: the connection to the leader is up; the core may now send FOLLOWERINFO/OBSERVERINFO.</summary>
    void LeaderConnected(long leaderSid, long connection);

    /// <summary>Learner side: the leader could not be reached before the deadline.</summary>
    void LeaderUnreachable(long leaderSid);

    void Received(long sid, long connection, QuorumPacket packet);

    void Disconnected(long sid, long connection);
}
