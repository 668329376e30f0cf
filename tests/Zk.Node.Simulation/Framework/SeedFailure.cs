namespace Zk.Node.Simulation.Framework;

/// <summary>A simulation run failed; the message names the seed and the command that replays it.</summary>
public sealed class SeedFailure : Exception
{
    public SeedFailure(string scenario, int seed, Exception inner)
        : base($"{scenario}: seed {seed} failed: {inner.Message}\n  replay: make sim SEED={seed}   (or ZK_SIM_SEED={seed} dotnet test tests/Zk.Node.Simulation)", inner)
    {
        Scenario = scenario;
        Seed = seed;
    }

    public SeedFailure()
    {
        Scenario = string.Empty;
    }

    public SeedFailure(string message)
        : base(message)
    {
        Scenario = string.Empty;
    }

    public SeedFailure(string message, Exception innerException)
        : base(message, innerException)
    {
        Scenario = string.Empty;
    }

    public string Scenario { get; }

    public int Seed { get; }
}
