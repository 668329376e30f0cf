using System.Globalization;

namespace Zk.Node.Simulation.Framework;

/// <summary>
/// Runs a scenario over many seeds. <c>ZK_SIM_SEED=S</c> replays exactly seed S; <c>ZK_SIM_RUNS=N</c> runs seeds
/// 1..N (default: the scenario's own count, a few hundred fast seeds). The first failing seed stops the run and is
/// reported with the command that replays it.
/// </summary>
public static class SeedRunner
{
    public const string SeedVariable = "ZK_SIM_SEED";
    public const string RunsVariable = "ZK_SIM_RUNS";

    /// <summary>The seeds this process should run: the one replayed seed, or 1..runs.</summary>
    public static IReadOnlyList<int> Seeds(int defaultRuns)
    {
        if (ReadInt(SeedVariable) is int seed)
        {
            return [seed];
        }

        int runs = ReadInt(RunsVariable) ?? defaultRuns;
        return [.. Enumerable.Range(1, runs)];
    }

    /// <summary>Runs <paramref name="scenario"/> for every seed; throws <see cref="SeedFailure"/> for the first that fails.</summary>
    public static int Run(string name, int defaultRuns, Action<int> scenario, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var seeds = Seeds(defaultRuns);
        foreach (int seed in seeds)
        {
            try
            {
                scenario(seed);
            }
            catch (Exception e) when (e is not SeedFailure)
            {
                var failure = new SeedFailure(name, seed, e);
                log?.Invoke(failure.Message);
                throw failure;
            }
        }

        log?.Invoke($"{name}: {seeds.Count} seed(s) passed");
        return seeds.Count;
    }

    /// <summary>The first failing seed among <paramref name="seeds"/>, or null: for tests that expect a checker to fire.</summary>
    public static SeedFailure? FindFailure(string name, IEnumerable<int> seeds, Action<int> scenario)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(scenario);
        foreach (int seed in seeds)
        {
            try
            {
                scenario(seed);
            }
            catch (InvariantViolation e)
            {
                return new SeedFailure(name, seed, e);
            }
        }

        return null;
    }

    private static int? ReadInt(string variable)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(text) ? null : int.Parse(text, CultureInfo.InvariantCulture);
    }
}
