using System.Text.Json.Nodes;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests;

public sealed class ServerSideApplyTests : FakeServerTest
{
    private static readonly ApplyOptions Operator = new("zk-operator");
    [Fact]
    public async Task Apply_creates_a_missing_object_with_a_patch_request_naming_the_field_manager()
    {
        var applied = await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), Operator);

        Assert.Equal(3, (int?)applied["spec"]!["replicas"]);
        Assert.Equal(1, applied.GetGeneration());
        Assert.Contains(Server.Requests, r => r.StartsWith("PATCH /apis/apps/v1/namespaces/zk/statefulsets/zk?fieldManager=zk-operator", StringComparison.Ordinal));
        Assert.Equal(["zk-operator"], Server.Store.OwnersOf(ResourceType.StatefulSet, Manifests.Namespace, "zk", ".spec.replicas"));
    }

    [Fact]
    public async Task Applying_the_same_manifest_again_changes_nothing()
    {
        var first = await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), Operator);

        var second = await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), Operator);

        Assert.Equal(first.GetResourceVersion(), second.GetResourceVersion());
        Assert.Equal(first.GetGeneration(), second.GetGeneration());
    }

    [Fact]
    public async Task Apply_fills_in_api_version_and_kind_when_the_manifest_omits_them()
    {
        var manifest = Manifests.ConfigMap("cfg");
        manifest.Remove("apiVersion");
        manifest.Remove("kind");

        var applied = await Client.ApplyAsync(ResourceType.ConfigMap, manifest, Operator);

        Assert.Equal("a", (string?)applied["data"]!["zoo.cfg"]);
        Assert.Null(manifest["kind"]);
    }

    [Fact]
    public async Task A_field_owned_by_another_manager_is_a_conflict_unless_forced()
    {
        await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), new ApplyOptions("kubectl"));

        var e = await Assert.ThrowsAsync<ConflictException>(() => Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 5), Operator));
        var forced = await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 5), Operator with { Force = true });

        Assert.Contains(e.Status!.Details!.Causes!, c => c.Field == ".spec.replicas");
        Assert.Equal(5, (int?)forced["spec"]!["replicas"]);
        Assert.Equal(["zk-operator"], Server.Store.OwnersOf(ResourceType.StatefulSet, Manifests.Namespace, "zk", ".spec.replicas"));
    }

    [Fact]
    public async Task Two_managers_agreeing_on_a_value_share_it_without_conflict()
    {
        await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), new ApplyOptions("kubectl"));

        await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), Operator);

        Assert.Equal(["kubectl", "zk-operator"], Server.Store.OwnersOf(ResourceType.StatefulSet, Manifests.Namespace, "zk", ".spec.replicas").Order());
    }

    [Fact]
    public async Task A_plain_update_takes_ownership_so_the_next_unforced_apply_conflicts()
    {
        var applied = await Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), Operator);
        await Client.PatchAsync(ResourceType.StatefulSet, Manifests.Namespace, "zk", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } });

        await Assert.ThrowsAsync<ConflictException>(() => Client.ApplyAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3), Operator));
        Assert.NotNull(applied);
    }

    [Fact]
    public async Task A_field_dropped_from_the_applied_manifest_is_removed()
    {
        var withLabel = Manifests.ConfigMap("cfg");
        withLabel["metadata"]!["labels"] = new JsonObject { ["zookeeper.zkoperator.io/ensemble"] = "zk" };
        await Client.ApplyAsync(ResourceType.ConfigMap, withLabel, Operator);

        var applied = await Client.ApplyAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg"), Operator);

        Assert.Null(applied["metadata"]!["labels"]?["zookeeper.zkoperator.io/ensemble"]);
    }

    [Fact]
    public async Task Apply_to_the_main_resource_ignores_status_and_apply_status_changes_only_status()
    {
        var manifest = Manifests.Ensemble("zk", 3);
        manifest["status"] = new JsonObject { ["readyReplicas"] = 99 };
        var created = await Client.ApplyAsync(ResourceType.ZkEnsemble, manifest, Operator);

        var statusOnly = new JsonObject
        {
            ["apiVersion"] = "zookeeper.zkoperator.io/v1alpha1",
            ["kind"] = "ZkEnsemble",
            ["metadata"] = new JsonObject { ["name"] = "zk", ["namespace"] = Manifests.Namespace },
            ["spec"] = new JsonObject { ["replicas"] = 7 },
            ["status"] = new JsonObject { ["readyReplicas"] = 3 },
        };
        var afterStatus = await Client.ApplyStatusAsync(ResourceType.ZkEnsemble, statusOnly, Operator);

        Assert.Null(created["status"]);
        Assert.Equal(3, (int?)afterStatus["status"]!["readyReplicas"]);
        Assert.Equal(3, (int?)afterStatus["spec"]!["replicas"]);
        Assert.Equal(created.GetGeneration(), afterStatus.GetGeneration());
    }
}
