using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Election;

/// <summary>
/// A FastLeaderElection vote (ZooKeeper's Vote): the proposed leader with its last zxid and epoch, the election round
/// (logical clock) it was cast in, and the voter's state. Record equality is field-wise; ZooKeeper's looser notion of
/// "the same vote" is <see cref="Matches"/>.
/// </summary>
public readonly record struct Vote(
    long Leader,
    long Zxid,
    long ElectionEpoch,
    long PeerEpoch,
    ServerState State = ServerState.Looking,
    int Version = Notification.CurrentVersion)
{
    /// <summary>
    /// ZooKeeper's Vote.equals. If either vote is from a LOOKING server every field but the state must agree. Votes of
    /// servers out of election compare only leader and peer epoch (their zxid and round can legitimately differ,
    /// ZOOKEEPER-1805), and only the leader when exactly one side predates versioned notifications (ZOOKEEPER-1732).
    /// </summary>
    public bool Matches(Vote other)
    {
        if (State == ServerState.Looking || other.State == ServerState.Looking)
        {
            return Leader == other.Leader && Zxid == other.Zxid && ElectionEpoch == other.ElectionEpoch && PeerEpoch == other.PeerEpoch;
        }

        if ((Version > 0) ^ (other.Version > 0))
        {
            return Leader == other.Leader;
        }

        return Leader == other.Leader && PeerEpoch == other.PeerEpoch;
    }

    /// <summary>
    /// FastLeaderElection.totalOrderPredicate: true when the new (leader, zxid, peerEpoch) beats the current one —
    /// higher peer epoch, then higher zxid, then higher server id.
    /// </summary>
    public static bool IsBetter(long newLeader, long newZxid, long newPeerEpoch, long curLeader, long curZxid, long curPeerEpoch) =>
        newPeerEpoch > curPeerEpoch
        || (newPeerEpoch == curPeerEpoch && (newZxid > curZxid || (newZxid == curZxid && newLeader > curLeader)));

    /// <summary><see cref="IsBetter(long, long, long, long, long, long)"/> on the proposal part of two votes.</summary>
    public bool IsBetterThan(Vote other) => IsBetter(Leader, Zxid, PeerEpoch, other.Leader, other.Zxid, other.PeerEpoch);

    public override string ToString() =>
        $"(leader={Leader}, zxid=0x{Zxid:x}, round=0x{ElectionEpoch:x}, peerEpoch=0x{PeerEpoch:x}, {State})";
}
