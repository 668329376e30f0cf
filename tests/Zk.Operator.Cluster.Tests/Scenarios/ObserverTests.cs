using System.Text;
using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>Observers through the Kubernetes runtime: their own StatefulSet, ids from 100, reconfig as observers.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ObserverTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task An_observer_added_joins_with_the_observer_role_and_removed_leaves_the_configuration()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("watch", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);

        harness.Edit(spec => spec.Observers = 1);

        await harness.WaitAsync(
            () => harness.Status is { Observers: 1 } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available) && s.Members!.Any(m => m.Role == "observer" && m.Ready),
            "the observer to serve",
            Deadline);
        await using (var client = await harness.ConnectAsync(3))
        {
            string config = Encoding.UTF8.GetString((await client.GetConfigAsync()).Data!);
            Assert.Contains("server.100=watch-observer-0.watch-hs.e2e.svc.cluster.local", config, StringComparison.Ordinal);
            Assert.Contains(":observer;", config, StringComparison.Ordinal);
        }

        harness.Edit(spec => spec.Observers = 0);

        await harness.WaitAsync(
            () => harness.Status is { Observers: 0, ReadyReplicas: 3 } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)
                && !harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace).Any(p => Meta.Name(p).StartsWith("watch-observer-", StringComparison.Ordinal)),
            "the observer removed and its pod gone",
            Deadline);
        await using var after = await harness.ConnectAsync(3);
        string final = Encoding.UTF8.GetString((await after.GetConfigAsync()).Data!);
        Assert.DoesNotContain(":observer;", final, StringComparison.Ordinal);
        Assert.Contains(harness.Events(), e => e.StartsWith("RemovedMember:", StringComparison.Ordinal));
    }
}
