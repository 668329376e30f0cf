using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Peer;

/// <summary>
/// One step on the quorum channel to or from server <paramref name="Sid"/>: send <paramref name="Packet"/>, or, when it is
/// null, close the connection (the host then drops anything still in flight on it and reports
/// <see cref="QuorumPeer.QuorumDisconnected"/> only for closes it did not ask for).
/// </summary>
public readonly record struct QuorumAction(long Sid, QuorumPacket? Packet)
{
    public bool IsClose => Packet is null;
}
