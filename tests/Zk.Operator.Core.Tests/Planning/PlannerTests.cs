using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Planning;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Planning;

public sealed class PlannerTests
{
    private const string Host = ".zk-hs.data.svc.cluster.local:2888:3888";

    /// <summary>One row: a spec, an observation built from it, and the step the planner must choose.</summary>
    public sealed record Row(string Name, Func<ZkEnsemble> Spec, Func<DesiredEnsemble, ObservedEnsemble> Observe, string Expected)
    {
        public override string ToString() => Name;
    }

    private static ZkEnsemble Voters(int replicas, int observers = 0) => Ensembles.Default(replicas: replicas, observers: observers);

    private static ZkEnsemble WithImage(int replicas, string image)
    {
        var ensemble = Voters(replicas);
        ensemble.Spec.Image = image;
        return ensemble;
    }

    private static ObservedEnsemble OnOldTemplate(DesiredEnsemble desired, int voters, int leaderId = 1)
    {
        // Settled under the old spec; pods still carry the old template hash.
        var settled = World.Settled(desired, voters, leaderId: leaderId);
        return settled with { Members = [.. settled.Members.Select(m => m with { PodRevision = "old" })] };
    }

    private static readonly Row[] Rows =
    [
        new("A new ensemble gets all its objects at once",
            () => Voters(3),
            d => new ObservedEnsemble { ObservedAt = World.Now },
            "ApplyObjects ConfigMap/zk-config Service/zk-hs Service/zk-client StatefulSet/zk PodDisruptionBudget/zk"),
        new("Only the objects that drifted are applied again",
            () => Voters(3),
            d => World.Settled(d, 3) with { AppliedHashes = World.Settled(d, 3).AppliedHashes.Where(kv => kv.Key != "Service/zk-client").ToDictionary() },
            "ApplyObjects Service/zk-client"),
        new("An even replica count changes nothing and is reported",
            () => Voters(4),
            d => new ObservedEnsemble { ObservedAt = World.Now },
            "UpdateStatus"),
        new("A created ensemble without a leader is waited for",
            () => Voters(3),
            d => World.Settled(d, 3) with { CommittedConfig = null, Members = [] },
            "WaitFor"),
        new("Scaling up first grows the voters by one pod",
            () => Voters(5),
            d => World.Applied(d, World.Settled(Desired(Voters(3)), 3)),
            "ScaleStatefulSet zk 4"),
        new("A new voter is not added before it syncs as a non-voting member",
            () => Voters(5),
            d => World.Applied(d, World.Settled(Desired(Voters(3)), 3) with { VoterStatefulSetReplicas = 4 })
                .WithMember(World.Member(d, 4, MemberRole.Unknown) with { Ready = false, Synced = false }),
            "WaitFor"),
        new("A synced new voter is added through reconfig",
            () => Voters(5),
            d => World.Applied(d, World.Settled(Desired(Voters(3)), 3) with { VoterStatefulSetReplicas = 4 })
                .WithMember(World.Member(d, 4, MemberRole.Follower)),
            $"AddMember server.4=zk-3{Host}:participant;0.0.0.0:2181"),
        new("No member is added while a voter is not synced",
            () => Voters(5),
            d => World.Applied(d, World.Settled(Desired(Voters(3)), 3)).Edit(2, m => m with { Synced = false }),
            "WaitFor"),
        new("Scaling down removes the highest ordinal first",
            () => Voters(3),
            d => World.Applied(d, World.Settled(Desired(Voters(5)), 5, leaderId: 1)),
            "RemoveMember 5"),
        new("Scaling down spares the leader while another surplus member can go",
            () => Voters(3),
            d => World.Applied(d, World.Settled(Desired(Voters(5)), 5, leaderId: 5)),
            "RemoveMember 4"),
        new("The leader is removed when it is the only surplus member",
            () => Voters(3),
            d => World.Applied(d, World.Settled(Desired(Voters(5)), 5, leaderId: 4).WithConfig(d, 1, 2, 3, 4)),
            "RemoveMember 4"),
        new("After the reconfig the StatefulSet shrinks past the removed members",
            () => Voters(3),
            d => World.Applied(d, World.Settled(Desired(Voters(5)), 5).WithConfig(d, 1, 2, 3)),
            "ScaleStatefulSet zk 3"),
        new("A member is not removed when the rest would have no synced quorum",
            () => Voters(3),
            d => World.Applied(d, World.Settled(Desired(Voters(5)), 5)).Edit(2, m => m with { Synced = false }).Edit(3, m => m with { Ready = false }),
            "WaitFor"),
        new("Membership changes come before restarts",
            () => WithImage(3, "zknode:2"),
            d => World.Applied(d, OnOldTemplate(Desired(Voters(5)), 5)),
            "RemoveMember 5"),
        new("A changed image is applied to the StatefulSet before any pod restarts",
            () => WithImage(3, "zknode:2"),
            d => World.Settled(Desired(Voters(3)), 3),
            "ApplyObjects StatefulSet/zk"),
        new("Rolling restart begins with the highest-ordinal follower",
            () => WithImage(3, "zknode:2"),
            d => World.Applied(d, OnOldTemplate(d, 3, leaderId: 1)),
            "RestartPod zk-2"),
        new("The leader restarts last",
            () => WithImage(3, "zknode:2"),
            d => World.Applied(d, World.Settled(d, 3, leaderId: 2)).Edit(2, m => m with { PodRevision = "old" }),
            "RestartPod zk-1"),
        new("The leader waits while a follower is still outdated even if the follower has a lower ordinal",
            () => WithImage(3, "zknode:2"),
            d => World.Applied(d, OnOldTemplate(d, 3, leaderId: 3)),
            "RestartPod zk-1"),
        new("No restart while another member is not ready",
            () => WithImage(3, "zknode:2"),
            d => World.Applied(d, OnOldTemplate(d, 3)).Edit(2, m => m with { Ready = false }),
            "WaitFor"),
        new("A restart request rolls members even without a template change elsewhere",
            () =>
            {
                var e = Voters(3);
                e.Spec.RestartRequestedAt = "2025-06-01T11:00:00Z";
                return e;
            },
            d => World.Applied(d, OnOldTemplate(d, 3)),
            "RestartPod zk-2"),
        new("A single voter restarts even though it cannot keep a quorum",
            () => WithImage(1, "zknode:2"),
            d => World.Applied(d, OnOldTemplate(d, 1)),
            "RestartPod zk-0"),
        new("Without a quorum an outdated pod that is not ready is restarted to pick up a fix",
            () => WithImage(3, "zknode:fixed"),
            d => World.Applied(d, OnOldTemplate(d, 3)) is var o
                ? o with { CommittedConfig = null, Members = [.. o.Members.Select(m => m with { Ready = false, Role = MemberRole.Unknown })] }
                : o,
            "RestartPod zk-2"),
        new("Without a quorum a Terminating outdated pod (the old leader's, going) is waited for, not deleted again",
            () =>
            {
                var e = Voters(3);
                e.Spec.RestartRequestedAt = "2025-06-01T11:00:00Z";
                return e;
            },
            d => World.Applied(d, World.Settled(d, 3)) is var o
                ? (o with { CommittedConfig = null, Members = [.. o.Members.Select(m => m with { Role = MemberRole.Unknown })] })
                    .Edit(1, m => m with { PodRevision = "old", Ready = false, Terminating = true })
                : o,
            "WaitFor"),
        new("Observers wanted later start from an empty StatefulSet",
            () => Voters(3, observers: 1),
            d => World.Settled(Desired(Voters(3)), 3),
            "ApplyObjects ConfigMap/zk-config StatefulSet/zk-observer"),
        new("Observers grow one pod at a time",
            () => Voters(3, observers: 1),
            d => World.Applied(d, World.Settled(Desired(Voters(3)), 3)),
            "ScaleStatefulSet zk-observer 1"),
        new("A synced observer is added with the observer role",
            () => Voters(3, observers: 1),
            d => World.Applied(d, World.Settled(Desired(Voters(3)), 3) with { ObserverStatefulSetReplicas = 1 })
                .WithMember(World.Member(d, 100, MemberRole.Observer)),
            $"AddMember server.100=zk-observer-0{Host}:observer;0.0.0.0:2181"),
        new("Surplus observers are removed and then their pods",
            () => Voters(3, observers: 0),
            d => World.Applied(d, World.Settled(Desired(Voters(3, observers: 2)), 3, observers: 2)),
            "RemoveMember 101"),
        new("A settled ensemble with a stale status gets its status written",
            () => Voters(3),
            d => World.Settled(d, 3),
            "UpdateStatus"),
    ];

    public static TheoryData<Row> Table => [.. Rows];

    private static DesiredEnsemble Desired(ZkEnsemble ensemble) => DesiredEnsemble.From(ensemble);

    [Theory]
    [MemberData(nameof(Table))]
    public void Planner_chooses_the_expected_next_step(Row row)
    {
        var desired = Desired(row.Spec());
        var observed = row.Observe(desired);
        Assert.Equal(row.Expected, World.Show(Planner.Next(desired, observed)));
    }

    [Fact]
    public void A_restart_carries_the_uid_of_the_pod_observed_so_a_recreated_pod_is_not_deleted()
    {
        var desired = Desired(WithImage(3, "zknode:2"));
        var observed = World.Applied(desired, OnOldTemplate(desired, 3)).Edit(3, m => m with { Uid = "uid-of-zk-2" });
        var restart = Assert.IsType<Step.RestartPod>(Planner.Next(desired, observed));
        Assert.Equal(("zk-2", "uid-of-zk-2"), (restart.Name, restart.Uid));
    }

    [Fact]
    public void A_Terminating_pod_is_never_restarted_again_while_the_roll_waits_for_it()
    {
        var desired = Desired(WithImage(3, "zknode:2"));
        var observed = World.Applied(desired, OnOldTemplate(desired, 3))
            .Edit(3, m => m with { Terminating = true, Ready = false, Role = MemberRole.Unknown });
        Assert.IsType<Step.WaitFor>(Planner.Next(desired, observed));
        Assert.DoesNotContain(RollingRestartPlan.Outdated(desired, observed), m => m.Id == 3);
    }

    [Fact]
    public void Settled_ensemble_is_done_once_its_status_is_written()
    {
        var desired = Desired(Voters(3));
        var observed = World.Settled(desired, 3);
        var update = Assert.IsType<Step.UpdateStatus>(Planner.Next(desired, observed));
        Assert.IsType<Step.Done>(Planner.Next(desired, observed with { Status = update.Status }));
        Assert.Equal(EnsemblePhase.Running, update.Status.Phase);
        Assert.Equal("zk-0", update.Status.Leader);
        Assert.Equal(3, update.Status.ReadyReplicas);
    }

    [Fact]
    public void Invalid_spec_is_reported_in_degraded_validation_failed_and_then_waits()
    {
        var desired = Desired(Voters(4));
        var update = Assert.IsType<Step.UpdateStatus>(Planner.Next(desired, new ObservedEnsemble { ObservedAt = World.Now }));
        var degraded = Conditions.Find(update.Status.Conditions, ConditionTypes.Degraded)!;
        Assert.Equal(ConditionStatus.True, degraded.Status);
        Assert.Equal("ValidationFailed", degraded.Reason);
        Assert.Contains("spec.replicas", degraded.Message, StringComparison.Ordinal);
        Assert.Equal(EnsemblePhase.Invalid, update.Status.Phase);

        var again = Planner.Next(desired, new ObservedEnsemble { ObservedAt = World.Now.AddMinutes(1), Status = update.Status });
        Assert.IsType<Step.WaitFor>(again);
    }

    [Fact]
    public void Scaling_up_by_two_walks_through_one_member_at_a_time()
    {
        // Simulates the executor: each step is applied to the observation, the planner asked again.
        var desired = Desired(Voters(5));
        var observed = World.Settled(Desired(Voters(3)), 3);
        var trace = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            var step = Planner.Next(desired, observed);
            trace.Add(World.Show(step));
            if (step is Step.Done)
            {
                break;
            }

            observed = step switch
            {
                Step.ApplyObjects => World.Applied(desired, observed),

                // The StatefulSet controller creates the pod; it starts, syncs and serves as a non-voting follower.
                Step.ScaleStatefulSet s => (observed with { VoterStatefulSetReplicas = s.Replicas })
                    .WithMember(World.Member(desired, s.Replicas, MemberRole.Follower)),
                Step.AddMember a => observed.WithConfig(desired, [.. observed.CommittedConfig!.Servers.Select(x => x.Id), a.Id]),
                Step.UpdateStatus u => observed with { Status = u.Status },
                _ => throw new InvalidOperationException("unexpected " + World.Show(step)),
            };
        }

        Assert.Equal(
            [
                "ApplyObjects ConfigMap/zk-config",
                "ScaleStatefulSet zk 4", $"AddMember server.4=zk-3{Host}:participant;0.0.0.0:2181",

                // One joiner at a time: server.5 enters the ConfigMap only once server.4 is committed.
                "ApplyObjects ConfigMap/zk-config",
                "ScaleStatefulSet zk 5", $"AddMember server.5=zk-4{Host}:participant;0.0.0.0:2181",
                "UpdateStatus", "Done",
            ],
            trace);
    }
}
