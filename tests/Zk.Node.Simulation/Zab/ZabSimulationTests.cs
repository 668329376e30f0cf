using Xunit.Abstractions;
using Zk.Node.Core.Peer;
using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Zab;

public sealed class ZabSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_voters_elect_one_leader_and_replicate_client_writes()
    {
        var cluster = new ZabCluster(seed: 1, voters: 3, observers: 0, ZabFaults.None);
        cluster.Run(300);
        cluster.HealAndSettle(2000);

        Assert.Single(cluster.Members, m => m.Peer!.State == ServerState.Leading);
        Assert.NotEmpty(cluster.Acknowledged.AcknowledgedWrites);
        cluster.CheckAcknowledgedWrites();
    }

    [Fact]
    public void Observers_learn_the_history_without_voting()
    {
        var cluster = new ZabCluster(seed: 2, voters: 3, observers: 1, ZabFaults.None);
        cluster.Run(300);
        cluster.HealAndSettle(2000);

        Assert.Equal(ServerState.Observing, cluster.Members[3].Peer!.State);
        Assert.Contains(cluster.Acknowledged.AcknowledgedWrites, p => p.StartsWith("/c4-", StringComparison.Ordinal));
        cluster.CheckAcknowledgedWrites();
    }

    [Fact]
    public void Three_voters_keep_the_zab_invariants_under_faults()
    {
        int runs = SeedRunner.Run("zab-3", 60, seed => Scenario(seed, voters: 3, observers: 0), output.WriteLine);
        Assert.True(runs > 0);
    }

    [Fact]
    public void Five_voters_and_an_observer_keep_the_zab_invariants_under_faults()
    {
        int runs = SeedRunner.Run("zab-5", 25, seed => Scenario(seed, voters: 5, observers: 1), output.WriteLine);
        Assert.True(runs > 0);
    }

    [Fact]
    public void The_simulator_catches_acks_sent_before_fsync()
    {
        var buggy = new QuorumPeerOptions { MyId = 0, BugAckBeforeFsync = true, BugCommitWithoutQuorum = true };
        var failure = SeedRunner.FindFailure("zab-bug", Enumerable.Range(1, 60), seed => Scenario(seed, 3, 0, buggy));

        Assert.NotNull(failure);
        output.WriteLine(failure.Message);
    }

    private static void Scenario(int seed, int voters, int observers, QuorumPeerOptions? template = null)
    {
        var cluster = new ZabCluster(seed, voters, observers, ZabFaults.Harsh with { Crash = 0.004 }, template);
        cluster.Run(1500);
        cluster.HealAndSettle(3000);
        cluster.CheckAcknowledgedWrites();
    }
}
