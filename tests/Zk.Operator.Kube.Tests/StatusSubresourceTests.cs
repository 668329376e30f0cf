using System.Text.Json.Nodes;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests;

public sealed class StatusSubresourceTests : FakeServerTest
{
    [Fact]
    public async Task Status_update_keeps_spec_and_generation()
    {
        var created = await Client.CreateAsync(ResourceType.ZkEnsemble, Manifests.Ensemble("zk", 3));
        created["spec"]!["replicas"] = 9;
        created["status"] = new JsonObject { ["observedGeneration"] = 1, ["phase"] = "Running" };

        var updated = await Client.UpdateStatusAsync(ResourceType.ZkEnsemble, created);

        Assert.Equal("Running", (string?)updated["status"]!["phase"]);
        Assert.Equal(3, (int?)updated["spec"]!["replicas"]);
        Assert.Equal(1, updated.GetGeneration());
        Assert.Contains(Server.Requests, r => r == "PUT /apis/zookeeper.zkoperator.io/v1alpha1/namespaces/zk/zkensembles/zk/status");
    }

    [Fact]
    public async Task Spec_update_keeps_status_and_bumps_generation()
    {
        var created = await Client.CreateAsync(ResourceType.ZkEnsemble, Manifests.Ensemble("zk", 3));
        created["status"] = new JsonObject { ["phase"] = "Running" };
        var withStatus = await Client.UpdateStatusAsync(ResourceType.ZkEnsemble, created);
        withStatus["spec"]!["replicas"] = 5;
        withStatus["status"]!["phase"] = "Overwritten";

        var updated = await Client.ReplaceAsync(ResourceType.ZkEnsemble, withStatus);

        Assert.Equal(5, (int?)updated["spec"]!["replicas"]);
        Assert.Equal("Running", (string?)updated["status"]!["phase"]);
        Assert.Equal(2, updated.GetGeneration());
    }

    [Fact]
    public async Task Metadata_only_change_moves_the_resource_version_but_not_the_generation()
    {
        var created = await Client.CreateAsync(ResourceType.ZkEnsemble, Manifests.Ensemble("zk", 3));

        var labelled = await Client.PatchAsync(ResourceType.ZkEnsemble, Manifests.Namespace, "zk", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "data" } } });

        Assert.Equal(created.GetGeneration(), labelled.GetGeneration());
        Assert.NotEqual(created.GetResourceVersion(), labelled.GetResourceVersion());
    }

    [Fact]
    public async Task Status_update_with_a_stale_resource_version_is_a_conflict()
    {
        var created = await Client.CreateAsync(ResourceType.ZkEnsemble, Manifests.Ensemble("zk", 3));
        var stale = (JsonObject)created.DeepClone();
        created["status"] = new JsonObject { ["phase"] = "Running" };
        await Client.UpdateStatusAsync(ResourceType.ZkEnsemble, created);
        stale["status"] = new JsonObject { ["phase"] = "Failed" };

        await Assert.ThrowsAsync<ConflictException>(() => Client.UpdateStatusAsync(ResourceType.ZkEnsemble, stale));
    }
}
