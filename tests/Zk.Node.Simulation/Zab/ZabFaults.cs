namespace Zk.Node.Simulation.Zab;

/// <summary>What the simulator may do to an ensemble, per 10 ms step.</summary>
internal sealed record ZabFaults
{
    public double ElectionDrop { get; init; }

    public double ElectionDuplicate { get; init; }

    public int MaxDelaySteps { get; init; } = 3;

    public double Crash { get; init; }

    public double Partition { get; init; }

    public double ClockJump { get; init; }

    /// <summary>Chance per step that a member's pending log writes reach the disk.</summary>
    public double Fsync { get; init; } = 0.5;

    public static ZabFaults None { get; } = new() { Fsync = 1 };

    public static ZabFaults Harsh { get; } = new()
    {
        ElectionDrop = 0.05,
        ElectionDuplicate = 0.02,
        MaxDelaySteps = 5,
        Crash = 0.002,
        Partition = 0.002,
        ClockJump = 0.001,
        Fsync = 0.4,
    };
}
