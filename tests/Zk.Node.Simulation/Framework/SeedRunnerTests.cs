namespace Zk.Node.Simulation.Framework;

public sealed class SeedRunnerTests
{
    [Fact]
    public void A_failing_seed_is_reported_with_the_replay_command()
    {
        var failure = Assert.Throws<SeedFailure>(() => SeedRunner.Run("demo", 20, seed =>
        {
            if (seed == 7)
            {
                throw new InvariantViolation("demo invariant", 3, "boom");
            }
        }));

        Assert.Equal(7, failure.Seed);
        Assert.Contains("make sim SEED=7", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_environment_overrides_seeds_run_from_one_to_the_default_count()
    {
        if (Environment.GetEnvironmentVariable(SeedRunner.SeedVariable) is { Length: > 0 } seed)
        {
            Assert.Equal([int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture)], SeedRunner.Seeds(5));
        }
        else if (Environment.GetEnvironmentVariable(SeedRunner.RunsVariable) is not { Length: > 0 })
        {
            Assert.Equal([1, 2, 3, 4, 5], SeedRunner.Seeds(5));
        }
        else
        {
            Assert.NotEmpty(SeedRunner.Seeds(5));
        }
    }
}
