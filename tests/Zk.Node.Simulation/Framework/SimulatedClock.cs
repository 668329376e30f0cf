namespace Zk.Node.Simulation.Framework;

/// <summary>Simulated time in ticks; only the simulator advances it.</summary>
public sealed class SimulatedClock
{
    public long Now { get; private set; }

    public void Advance() => Now++;
}
