using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Fle;

/// <summary>An election participant in the simulation: the real FLE, or a deliberately broken one.</summary>
public interface IElectionNode : ISimNode<FleMessage>
{
    ServerState State { get; }

    /// <summary>The leader this node decided on (meaningful when not LOOKING).</summary>
    long Leader { get; }

    /// <summary>Decisions since the last call.</summary>
    List<DecisionRecord> TakeDecisions();
}
