namespace Zk.Node.Simulation.Framework;

/// <summary>A message in flight from one node to another.</summary>
public readonly record struct Envelope<TMessage>(long From, long To, TMessage Message);
