using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Planning;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Planning;

/// <summary>
/// A roll that cannot go on is no longer silent: a member not ready, or expected without a pod, is reported with
/// since when; past spec.rollingUpdate.podReadyTimeoutSeconds the status is Degraded naming the pod; nothing else
/// restarts meanwhile; the roll resumes when the member recovers. A failed step shows in Degraded too.
/// </summary>
public sealed class StuckRollTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(RollingUpdateSpec.DefaultPodReadyTimeoutSeconds);

    /// <summary>zk-0 (server.1) leads a settled three-voter ensemble whose pods all run an outdated template.</summary>
    private static (DesiredEnsemble Desired, ObservedEnsemble Observed) Rolling(int? timeoutSeconds = null)
    {
        var ensemble = Ensembles.Default();
        if (timeoutSeconds is int seconds)
        {
            ensemble.Spec.RollingUpdate.PodReadyTimeoutSeconds = seconds;
        }

        var desired = DesiredEnsemble.From(ensemble);
        var settled = World.Settled(desired, 3);
        return (desired, settled with { Members = [.. settled.Members.Select(m => m with { PodRevision = "old" })] });
    }

    public static TheoryData<string, string, int, string, string> Rows() => new()
    {
        // row, what happened to zk-2 (server.3), seconds it has been so, planner's step, Degraded reason
        { "a pod deleted for its restart and not yet recreated is waited for", "missing", 10, "WaitFor", "AsExpected" },
        { "a pod never recreated (quota) is reported past the deadline", "missing", 600, "WaitFor", "PodMissing" },
        { "a restarted pod not yet ready is waited for", "not-ready", 599, "WaitFor", "AsExpected" },
        { "a restarted pod never ready is reported past the deadline", "not-ready", 601, "WaitFor", "PodNotReady" },
        { "a recovered pod lets the roll resume", "recovered", 3600, "RestartPod zk-1", "AsExpected" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_member_that_does_not_come_back_stops_the_roll_and_is_reported_after_the_deadline(
        string row, string state, int seconds, string expectedStep, string expectedReason)
    {
        var (desired, observed) = Rolling();
        observed = observed.Edit(3, m => m with { PodRevision = desired.TemplateHashFor(3) });
        observed = state switch
        {
            "missing" => observed.WithoutMember(3),
            "not-ready" => observed.Edit(3, m => m with { Ready = false, Synced = false }),
            _ => observed,
        };

        // The stored status saw zk-2 down `seconds` ago (as written by the reconcile that restarted it).
        var earlier = observed with { ObservedAt = World.Now - TimeSpan.FromSeconds(seconds) };
        var downThen = state == "recovered" ? earlier.Edit(3, m => m with { Ready = false, Synced = false }) : earlier;
        observed = observed with { Status = StatusBuilder.Build(desired, downThen, null) };

        var step = Planner.Next(desired, observed);
        var status = StatusBuilder.Build(desired, observed, step);

        Assert.True(World.Show(step) == expectedStep, $"{row}: {World.Show(step)}");
        var degraded = Conditions.Find(status.Conditions, ConditionTypes.Degraded)!;
        Assert.True(expectedReason == degraded.Reason, $"{row}: {degraded.Reason} {degraded.Message}");
        Assert.Equal(expectedReason != "AsExpected", degraded.Status == ConditionStatus.True);
        var zk2 = Assert.Single(status.Members!, m => m.Name == "zk-2");
        Assert.Equal(state == "missing", zk2.Missing == true);
        if (state == "recovered")
        {
            Assert.Null(zk2.NotReadySince);
        }
        else
        {
            Assert.Equal(Conditions.FormatTime(World.Now - TimeSpan.FromSeconds(seconds)), zk2.NotReadySince);
        }

        if (expectedReason != "AsExpected")
        {
            Assert.Contains("pod zk-2 ", degraded.Message, StringComparison.Ordinal);
            Assert.Contains("podReadyTimeoutSeconds (600s)", degraded.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Since_when_is_kept_across_observations_and_the_deadline_follows_the_spec()
    {
        var (desired, settled) = Rolling(timeoutSeconds: 60);
        var missing = settled.WithoutMember(2);

        var first = StatusBuilder.Build(desired, missing, null);
        var later = missing with { ObservedAt = World.Now + TimeSpan.FromSeconds(59), Status = first };
        var before = StatusBuilder.Build(desired, later, null);
        var past = StatusBuilder.Build(desired, later with { ObservedAt = World.Now + TimeSpan.FromSeconds(60), Status = before }, null);

        Assert.Equal(Conditions.FormatTime(World.Now), Assert.Single(before.Members!, m => m.Name == "zk-1").NotReadySince);
        Assert.False(Conditions.IsTrue(before.Conditions, ConditionTypes.Degraded));
        Assert.True(Conditions.IsTrue(past.Conditions, ConditionTypes.Degraded));
        Assert.Equal("PodMissing", Conditions.Find(past.Conditions, ConditionTypes.Degraded)!.Reason);
        Assert.Contains("(60s)", Conditions.Find(past.Conditions, ConditionTypes.Degraded)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_pods_are_listed_in_the_status_and_keep_the_ensemble_from_running()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default());
        var observed = World.Settled(desired, 3).WithoutMember(3);

        var status = StatusBuilder.Build(desired, observed, null);

        Assert.Equal(["zk-0", "zk-1", "zk-2"], status.Members!.Select(m => m.Name));
        Assert.True(status.Members![2].Missing);
        Assert.False(status.Members[2].Ready);
        Assert.Null(status.Members[0].Missing);
        Assert.Null(status.Members[0].NotReadySince);
        Assert.Equal(EnsemblePhase.Degraded, status.Phase);
        Assert.Equal("MembersMissing", Conditions.Find(status.Conditions, ConditionTypes.Degraded)!.Reason);
        Assert.Equal("WaitFor", World.Show(Planner.Next(desired, observed)));
    }

    [Fact]
    public void A_settled_ensemble_lists_no_missing_member_and_runs()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default(observers: 1));
        var status = StatusBuilder.Build(desired, World.Settled(desired, 3, observers: 1), null);

        Assert.All(status.Members!, m => Assert.Null(m.Missing));
        Assert.Equal(EnsemblePhase.Running, status.Phase);
    }

    [Fact]
    public void A_failed_step_is_degraded_with_its_reason_and_message_until_a_reconcile_succeeds()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default());
        var observed = World.Settled(desired, 3);
        var step = new Step.ApplyObjects([desired.Render(desired.InitialLayout).Voters]);

        var failed = StatusBuilder.Build(desired, observed, step, StepFailure.Of(step, "StatefulSet.apps \"zk\" is invalid: spec: Forbidden"));
        var recovered = StatusBuilder.Build(desired, observed with { Status = failed }, null);

        var degraded = Conditions.Find(failed.Conditions, ConditionTypes.Degraded)!;
        Assert.Equal(ConditionStatus.True, degraded.Status);
        Assert.Equal("ApplyFailed", degraded.Reason);
        Assert.Equal("applying StatefulSet/zk failed: StatefulSet.apps \"zk\" is invalid: spec: Forbidden", degraded.Message);
        Assert.False(Conditions.IsTrue(recovered.Conditions, ConditionTypes.Degraded));
    }

    [Theory]
    [InlineData("ScaleStatefulSet", "ScaleFailed")]
    [InlineData("RestartPod", "RestartFailed")]
    [InlineData("RemoveMember", "ReconfigFailed")]
    public void Each_kind_of_step_fails_with_its_own_reason(string kind, string reason)
    {
        Step step = kind switch
        {
            "ScaleStatefulSet" => new Step.ScaleStatefulSet("zk", 4),
            "RestartPod" => new Step.RestartPod("zk-1"),
            _ => new Step.RemoveMember(3),
        };

        Assert.Equal(reason, StepFailure.Of(step, "boom").Reason);
        Assert.EndsWith(" failed: boom", StepFailure.Of(step, "boom").Message, StringComparison.Ordinal);
    }
}
