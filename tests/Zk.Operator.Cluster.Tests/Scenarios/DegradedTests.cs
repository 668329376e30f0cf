using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>
/// A member that does not come back — never ready, or never recreated — stops the operator with Degraded and a
/// Warning event after spec.rollingUpdate.podReadyTimeoutSeconds (the CRD's minimum, 30, to keep the suite short),
/// and the operator carries on when the pod recovers. The faults come from the pod runner (<see cref="PodFaults"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class DegradedTests
{
    private const int PodReadyTimeoutSeconds = 30;
    private const string RequestedAt = "2026-01-01T00:00:00Z";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_pod_that_never_becomes_ready_stops_the_roll_with_degraded_and_the_roll_resumes_when_it_recovers()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("stuck", replicas: 3, podReadyTimeoutSeconds: PodReadyTimeoutSeconds);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);
        string leader = harness.Status!.Leader!;
        string stuck = Follower(harness, leader);

        harness.Runner.Faults.FailReadiness(stuck);
        harness.Edit(spec => spec.RestartRequestedAt = RequestedAt);

        await WaitDegradedAsync(harness, "PodNotReady", stuck);
        Assert.Contains(harness.WarningEvents("PodNotReady"), m => m.Contains(stuck, StringComparison.Ordinal));
        var whileStuck = Restarts(harness);
        Assert.True(!whileStuck.Contains(leader) && whileStuck.Distinct().Count() == whileStuck.Count, $"restarted while {stuck} was not ready: {string.Join(", ", whileStuck)} (leader {leader})\n{harness.Diagnostics()}");

        harness.Runner.Faults.Recover(stuck);

        await harness.WaitAsync(
            () => harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace) is { Count: 3 } pods
                && pods.All(p => (string?)p["metadata"]?["annotations"]?[ZkAnnotations.RestartRequestedAt] == RequestedAt && !Meta.IsDeleting(p))
                && Settled(harness),
            "every pod recreated for the restart request, the ensemble settled and Degraded cleared",
            Deadline);
        Assert.Contains(leader, Restarts(harness));
    }

    [Fact]
    public async Task A_pod_that_is_never_recreated_is_reported_missing_and_the_ensemble_recovers_once_it_is()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("quota", replicas: 3, podReadyTimeoutSeconds: PodReadyTimeoutSeconds);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);
        string missing = Follower(harness, harness.Status!.Leader!);

        // As a namespace over its pod quota: the StatefulSet controller's create is refused after the pod goes.
        harness.Runner.Faults.RefuseCreation(missing);
        harness.Store.Delete(ClusterStore.Pods, KubeEnsembleHarness.Namespace, missing);

        await WaitDegradedAsync(harness, "PodMissing", missing);
        Assert.Contains(harness.WarningEvents("PodMissing"), m => m.Contains(missing, StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace), p => Meta.Name(p) == missing);

        harness.Runner.Faults.Recover(missing);

        await harness.WaitAsync(() => Settled(harness), $"{missing} recreated, the ensemble settled and Degraded cleared", Deadline);
    }

    private static Task WaitDegradedAsync(KubeEnsembleHarness harness, string reason, string pod) => harness.WaitAsync(
        () => Conditions.Find(harness.Status?.Conditions, ConditionTypes.Degraded) is { } degraded
            && degraded.Status == ConditionStatus.True && degraded.Reason == reason && degraded.Message.Contains(pod, StringComparison.Ordinal),
        $"Degraded={reason} naming {pod}",
        Deadline);

    /// <summary>Three ready voters at the current generation, Available, not Progressing, not Degraded.</summary>
    private static bool Settled(KubeEnsembleHarness harness) =>
        harness.Status is { ReadyReplicas: 3 } s && s.ObservedGeneration == (harness.Resource is { } r ? Meta.Generation(r) : -1)
        && Conditions.IsTrue(s.Conditions, ConditionTypes.Available) && !Conditions.IsTrue(s.Conditions, ConditionTypes.Progressing)
        && !Conditions.IsTrue(s.Conditions, ConditionTypes.Degraded);

    private static string Follower(KubeEnsembleHarness harness, string leader) =>
        harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace).Select(Meta.Name).Where(n => n != leader).Order(StringComparer.Ordinal).First();

    /// <summary>The pods the operator restarted, in order.</summary>
    private static List<string> Restarts(KubeEnsembleHarness harness) => harness.Events()
        .Where(e => e.StartsWith("RestartedMember:", StringComparison.Ordinal))
        .Select(e => e.Split(' ')[^1])
        .ToList();
}
