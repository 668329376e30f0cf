namespace Zk.Node.Simulation.Framework;

/// <summary>How hostile the simulated network is. Delays are drawn uniformly from [min, max] ticks.</summary>
public sealed record NetworkOptions
{
    public int MinDelayTicks { get; init; } = 1;

    public int MaxDelayTicks { get; init; } = 3;

    /// <summary>Chance a message is lost.</summary>
    public double DropProbability { get; init; }

    /// <summary>Chance a message is delivered twice (with independent delays).</summary>
    public double DuplicateProbability { get; init; }

    /// <summary>Chance a message is held back up to four extra max delays, overtaking later ones.</summary>
    public double ReorderProbability { get; init; }

    public static NetworkOptions Reliable { get; } = new();
}
