using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Checkers;

/// <summary>
/// "Acknowledged writes survive": every write a client saw acknowledged must be in the committed history the
/// ensemble ends up with, whatever crashed in between.
/// </summary>
public sealed class AcknowledgedWritesChecker<T>
    where T : notnull
{
    private readonly List<T> _acknowledged = [];

    public IReadOnlyList<T> AcknowledgedWrites => _acknowledged;

    public void Acknowledged(T write) => _acknowledged.Add(write);

    /// <summary>Checks against the committed log of a node that is up to date (e.g. the current leader's).</summary>
    public void Check(IReadOnlyList<T> committed, long tick)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var present = committed.ToHashSet();
        foreach (var write in _acknowledged)
        {
            if (!present.Contains(write))
            {
                throw new InvariantViolation("acknowledged writes survive", tick, $"{write} was acknowledged but is not committed");
            }
        }
    }
}
