using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Checkers;

/// <summary>
/// ZAB's "at most one established leader per epoch": a leader is established in an epoch once a quorum acknowledged
/// it (NEWLEADER acked). Nodes report each establishment; two different leaders for one epoch is a violation.
/// </summary>
public sealed class EstablishedLeaderChecker
{
    private readonly Dictionary<long, long> _leaderByEpoch = [];

    public IReadOnlyDictionary<long, long> LeaderByEpoch => _leaderByEpoch;

    public void Established(long epoch, long leader, long tick)
    {
        if (_leaderByEpoch.TryGetValue(epoch, out long existing) && existing != leader)
        {
            throw new InvariantViolation("one established leader per epoch", tick, $"epoch {epoch} established by {existing} and by {leader}");
        }

        _leaderByEpoch[epoch] = leader;
    }
}
