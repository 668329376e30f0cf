using Zk.Node.Core.Peer;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Simulation.Zab;

/// <summary>A member's role or ZAB phase changed at <paramref name="AtMs"/> (simulated time).</summary>
internal readonly record struct StateTransition(long AtMs, long Member, ServerState State, ZabPhase Phase, long? LeaderId);
