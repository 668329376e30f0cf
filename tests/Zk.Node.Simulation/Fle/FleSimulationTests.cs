using Xunit.Abstractions;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Fle;

public sealed class FleSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Healthy_ensembles_elect_the_best_member_in_bounded_time()
    {
        int runs = SeedRunner.Run("fle-healthy", 300, seed => FleScenarios.Healthy(seed, FleScenarios.RealFle), output.WriteLine);

        Assert.True(runs >= 1);
    }

    [Fact]
    public void Decisions_stay_safe_under_faults_and_converge_after_healing()
    {
        int runs = SeedRunner.Run("fle-faulty", 150, seed => FleScenarios.Faulty(seed, FleScenarios.RealFle), output.WriteLine);

        Assert.True(runs >= 1);
    }

    [Fact]
    public void The_checkers_catch_an_election_that_decides_on_the_first_notification()
    {
        var failure = SeedRunner.FindFailure("fle-eager", Enumerable.Range(1, 50), seed => FleScenarios.Healthy(seed, FleScenarios.Eager));

        Assert.NotNull(failure);
        output.WriteLine(failure.Message);
        Assert.Contains($"seed {failure.Seed} failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"make sim SEED={failure.Seed}", failure.Message, StringComparison.Ordinal);
        Assert.Equal("a decision needs a quorum of votes for the leader", Assert.IsType<InvariantViolation>(failure.InnerException).Invariant);
    }

    [Fact]
    public void The_same_seed_replays_the_same_run()
    {
        static string Trace(int seed)
        {
            var log = new List<string>();
            var sim = new Simulator<FleMessage>(seed, new NetworkOptions { MaxDelayTicks = 9, DropProbability = 0.2, ReorderProbability = 0.3 });
            sim.Network.Sent += (e, t) => log.Add($"{t}:{e.From}->{e.To}:{e.Message.Kind}:{e.Message.Notification.Leader}:{e.Message.Notification.ElectionEpoch}");
            var config = new Zk.Node.Core.Quorum.QuorumConfig(
                Enumerable.Range(1, 3).Select(i => new Zk.Node.Core.Quorum.QuorumServerSpec(i, "h", 1, 2, Zk.Node.Core.Quorum.LearnerRole.Participant, null, null)), 1);
            foreach (int id in new[] { 1, 2, 3 })
            {
                sim.Add(FleScenarios.RealFle(id, config, 0x100000000 + id, 1));
            }

            sim.Run(300);
            return string.Join('\n', log);
        }

        Assert.Equal(Trace(42), Trace(42));
        Assert.NotEqual(Trace(42), Trace(43));
    }
}
