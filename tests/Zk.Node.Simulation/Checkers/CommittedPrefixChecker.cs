using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Checkers;

/// <summary>
/// ZAB's prefix consistency: the committed logs of any two nodes agree on their common prefix (one may be behind,
/// neither may diverge).
/// </summary>
public static class CommittedPrefixChecker
{
    public static void Check<T>(IReadOnlyDictionary<long, IReadOnlyList<T>> committedByNode, long tick)
    {
        ArgumentNullException.ThrowIfNull(committedByNode);
        var comparer = EqualityComparer<T>.Default;
        var nodes = committedByNode.OrderBy(e => e.Key).ToList();
        for (int a = 0; a < nodes.Count; a++)
        {
            for (int b = a + 1; b < nodes.Count; b++)
            {
                var left = nodes[a].Value;
                var right = nodes[b].Value;
                int common = Math.Min(left.Count, right.Count);
                for (int i = 0; i < common; i++)
                {
                    if (!comparer.Equals(left[i], right[i]))
                    {
                        throw new InvariantViolation(
                            "committed prefixes agree",
                            tick,
                            $"node {nodes[a].Key} committed {left[i]} and node {nodes[b].Key} committed {right[i]} at index {i}");
                    }
                }
            }
        }
    }
}
