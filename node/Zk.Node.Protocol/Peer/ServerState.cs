namespace Zk.Node.Protocol.Peer;

/// <summary>The sender's state in an election <see cref="Notification"/> (QuorumPeer.ServerState).</summary>
public enum ServerState
{
    Looking = 0,
    Following = 1,
    Leading = 2,
    Observing = 3,
}
