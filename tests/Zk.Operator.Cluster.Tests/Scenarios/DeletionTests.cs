using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>Deleting a ZkEnsemble through the Kubernetes runtime: the finalizer, garbage collection, the reclaim policy.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class DeletionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Deleting_with_reclaim_policy_retain_removes_everything_but_the_claims_and_their_data()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("keep", replicas: 1, reclaim: ReclaimPolicy.Retain);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);

        harness.Delete();

        await WaitUntilGoneAsync(harness);
        var claim = Assert.Single(harness.Store.List(ClusterStore.Claims, KubeEnsembleHarness.Namespace));
        Assert.Equal("data-keep-0", Meta.Name(claim));
        Assert.False(Meta.IsDeleting(claim));
        Assert.True(File.Exists(Path.Combine(harness.Runner.ClaimFolder(KubeEnsembleHarness.Namespace, "data-keep-0"), "myid")));
    }

    [Fact]
    public async Task Deleting_with_reclaim_policy_delete_removes_the_claims_and_their_folders_too()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("drop", replicas: 1, reclaim: ReclaimPolicy.Delete);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        string folder = harness.Runner.ClaimFolder(KubeEnsembleHarness.Namespace, "data-drop-0");
        Assert.True(Directory.Exists(folder));

        harness.Delete();

        await WaitUntilGoneAsync(harness);
        await harness.WaitAsync(
            () => harness.Store.List(ClusterStore.Claims, KubeEnsembleHarness.Namespace).Count == 0 && !Directory.Exists(folder),
            "the claim and its folder gone",
            Deadline);
    }

    /// <summary>The resource, its StatefulSet, pods, Services and ConfigMap all gone.</summary>
    private static Task WaitUntilGoneAsync(KubeEnsembleHarness harness) => harness.WaitAsync(
        () => harness.Resource is null
            && harness.Store.List(ClusterStore.StatefulSets, KubeEnsembleHarness.Namespace).Count == 0
            && harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace).Count == 0
            && harness.Store.List(ClusterStore.Services, KubeEnsembleHarness.Namespace).Count == 0
            && harness.Store.List(ClusterStore.ConfigMaps, KubeEnsembleHarness.Namespace).Count == 0,
        "the ensemble and every object it owned gone",
        Deadline);
}
