using Zk.Node.Core.Election;

namespace Zk.Node.Simulation.Fle;

/// <summary>A node decided at <paramref name="Tick"/>.</summary>
public readonly record struct DecisionRecord(long Node, long Tick, ElectionDecision Decision);
