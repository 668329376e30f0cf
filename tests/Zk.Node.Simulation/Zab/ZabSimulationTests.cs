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
    public void Three_voters_survive_frequent_crashes_with_slow_disks()
    {
        var faults = ZabFaults.Harsh with { Crash = 0.02, Fsync = 0.05, Partition = 0 };
        int runs = SeedRunner.Run("zab-3-crashy", 100, seed => Scenario(seed, 3, 0, faults: faults), output.WriteLine);
        Assert.True(runs > 0);
    }

    [Fact]
    public void A_follower_that_crashes_after_newleader_with_its_sync_unsynced_does_not_win_with_a_short_log()
    {
        // Seed 21 of the crash-heavy scenario: member 2 wrote currentEpoch=5 on NEWLEADER, crashed before the DIFF
        // reached its disk, then won the next election with (epoch 5, short log) and truncated committed txns.
        var faults = ZabFaults.Harsh with { Crash = 0.02, Fsync = 0.05, Partition = 0 };
        Scenario(21, 3, 0, faults: faults);
        Scenario(27, 3, 0);
    }

    [Fact]
    public void The_simulator_catches_a_leader_that_commits_without_a_quorum()
    {
        var buggy = new QuorumPeerOptions { MyId = 0, BugCommitWithoutQuorum = true };
        var failure = SeedRunner.FindFailure("zab-bug-commit", Enumerable.Range(1, 60), seed => Scenario(seed, 3, 0, buggy));

        Assert.NotNull(failure);
        output.WriteLine(failure.Message);
        Assert.NotEqual("progress once a quorum is healthy", Assert.IsType<InvariantViolation>(failure.InnerException).Invariant);
    }

    [Fact]
    public void The_simulator_catches_acks_sent_before_fsync()
    {
        var buggy = new QuorumPeerOptions { MyId = 0, BugAckBeforeFsync = true };
        var faults = ZabFaults.Harsh with { Crash = 0.02, Fsync = 0.05, Partition = 0 };
        var failure = SeedRunner.FindFailure("zab-bug-ack", Enumerable.Range(1, 100), seed => Scenario(seed, 3, 0, buggy, faults));

        Assert.NotNull(failure);
        output.WriteLine(failure.Message);
        Assert.NotEqual("progress once a quorum is healthy", Assert.IsType<InvariantViolation>(failure.InnerException).Invariant);
    }

    [Fact]
    public void Reconfig_adds_a_voter_and_an_observer_then_removes_the_leader_and_the_observer()
    {
        var cluster = new ZabCluster(seed: 3, voters: 3, observers: 0, ZabFaults.None, spares: 2);
        PlanMembershipChanges(cluster);
        cluster.Run(300);
        cluster.HealAndSettle(6000);

        var final = cluster.FinalConfig!;
        Assert.Equal(4, cluster.ReconfigResults.Count);
        Assert.Equal(cluster.ReconfigResults[^1], final.Format());
        Assert.Equal(3, final.Voters.Count);
        Assert.Contains(4L, final.Voters);
        Assert.Empty(final.Observers);

        // The removed leader designated its successor: every remaining voter went to it without an election round.
        long removed = cluster.RemovedLeader!.Value;
        var handOver = cluster.Transitions.First(t => t.Member == removed && t.State != ServerState.Leading && t.AtMs > 0
            && cluster.Transitions.Any(e => e.Member == removed && e.State == ServerState.Leading && e.AtMs < t.AtMs));
        var served = cluster.Transitions.First(t => t.AtMs >= handOver.AtMs && t.State == ServerState.Leading && t.Phase == ZabPhase.Broadcast);
        Assert.Equal(handOver.LeaderId, served.Member);
        Assert.DoesNotContain(cluster.Transitions, t => final.IsVoter(t.Member) && t.Member != removed
            && t.AtMs >= handOver.AtMs && t.AtMs <= served.AtMs && t.State == ServerState.Looking);
        foreach (var member in cluster.Members.Where(m => final.Contains(m.Id)))
        {
            // getConfig: /zookeeper/config holds the text, its mzxid is the version (the reconfig txn's zxid).
            var node = member.Peer!.Tree.TryGetNode("/zookeeper/config", out var n) ? n : null;
            Assert.NotNull(node);
            Assert.Equal(final.Format(), System.Text.Encoding.UTF8.GetString(node.Data!));
            Assert.Equal(final.Version, node.Mzxid);
            Assert.Equal(final.Version, member.Peer.Config.Version);
        }

        cluster.CheckAcknowledgedWrites();
    }

    [Fact]
    public void Reconfigs_under_faults_keep_the_zab_invariants_and_one_configuration_per_version()
    {
        int runs = SeedRunner.Run("zab-reconfig", 20, seed =>
        {
            var cluster = new ZabCluster(seed, 3, 0, ZabFaults.Harsh with { Crash = 0.004 }, spares: 2);
            PlanMembershipChanges(cluster);
            try
            {
                cluster.Run(2000);
                cluster.HealAndSettle(8000);
                cluster.CheckAcknowledgedWrites();
            }
            catch (InvalidOperationException e)
            {
                throw new InvariantViolation("member assertions hold", cluster.NowMs / ZabCluster.StepMs, e.Message);
            }

            var final = cluster.FinalConfig!;
            if (final.Voters.Count != 3 || final.Contains(cluster.RemovedLeader!.Value) || final.Observers.Count != 0)
            {
                throw new InvariantViolation("reconfigs take effect", cluster.NowMs / ZabCluster.StepMs, $"final configuration [{final.Format()}]");
            }
        }, output.WriteLine);
        Assert.True(runs > 0);
    }

    [Fact]
    public void A_bulk_reconfig_replacing_a_voter_under_faults_keeps_the_invariants()
    {
        int runs = SeedRunner.Run("zab-reconfig-bulk", 10, seed =>
        {
            var cluster = new ZabCluster(seed, 3, 0, ZabFaults.Harsh with { Crash = 0.004 }, spares: 1);
            cluster.PlanNewMembers(1, 2, 4);
            try
            {
                cluster.Run(1500);
                cluster.HealAndSettle(8000);
                cluster.CheckAcknowledgedWrites();
            }
            catch (InvalidOperationException e)
            {
                throw new InvariantViolation("member assertions hold", cluster.NowMs / ZabCluster.StepMs, e.Message);
            }

            var voters = cluster.FinalConfig!.Voters.Order().ToList();
            if (!voters.SequenceEqual([1L, 2, 4]))
            {
                throw new InvariantViolation("reconfigs take effect", cluster.NowMs / ZabCluster.StepMs, $"final configuration [{cluster.FinalConfig.Format()}]");
            }
        }, output.WriteLine);
        Assert.True(runs > 0);
    }

    private static void PlanMembershipChanges(ZabCluster cluster)
    {
        cluster.PlanJoin(4, observer: false);
        cluster.PlanJoin(5, observer: true);
        cluster.PlanRemoveLeader();
        cluster.PlanLeave(5);
    }

    private static void Scenario(int seed, int voters, int observers, QuorumPeerOptions? template = null, ZabFaults? faults = null)
    {
        var cluster = new ZabCluster(seed, voters, observers, faults ?? ZabFaults.Harsh with { Crash = 0.004 }, template);
        try
        {
            cluster.Run(1500);
            cluster.HealAndSettle(3000);
            cluster.CheckAcknowledgedWrites();
        }
        catch (InvalidOperationException e)
        {
            // A member's own assertion (e.g. asked to truncate applied txns) is a broken invariant too.
            throw new InvariantViolation("member assertions hold", cluster.NowMs / ZabCluster.StepMs, e.Message);
        }
    }
}
