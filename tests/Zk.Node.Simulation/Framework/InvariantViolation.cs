namespace Zk.Node.Simulation.Framework;

/// <summary>A checker found a broken invariant (or a liveness bound was missed) at <see cref="Tick"/>.</summary>
public sealed class InvariantViolation : Exception
{
    public InvariantViolation(string invariant, long tick, string detail)
        : base($"{invariant} violated at tick {tick}: {detail}")
    {
        Invariant = invariant;
        Tick = tick;
    }

    public InvariantViolation()
    {
        Invariant = string.Empty;
    }

    public InvariantViolation(string message)
        : base(message)
    {
        Invariant = string.Empty;
    }

    public InvariantViolation(string message, Exception innerException)
        : base(message, innerException)
    {
        Invariant = string.Empty;
    }

    public string Invariant { get; }

    public long Tick { get; }
}
