using Zk.Node.Core.Peer;
using Zk.Node.Core.Zab;

namespace Zk.Node.Simulation.Zab;

/// <summary>What the checkers read inside a peer.</summary>
internal static class Internals
{
    public static IReadOnlyList<LoggedTxn> Window(QuorumPeer peer) => peer.Log.Window;
}
