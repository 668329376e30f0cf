namespace Zk.Node.Simulation.Zab;

/// <summary>One planned reconfig of a scenario (retried until it succeeds).</summary>
internal sealed record ReconfigOp(string? Joining, string? Leaving, string? NewMembers, long? StartSpare, bool RemoveLeader = false);
