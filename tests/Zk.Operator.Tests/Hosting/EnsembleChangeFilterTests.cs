using System.Text.Json.Nodes;
using Zk.Operator.Hosting;
using Zk.Operator.Kube.Informer;

namespace Zk.Operator.Tests.Hosting;

public sealed class EnsembleChangeFilterTests
{
    private static JsonObject Ensemble(long generation = 1) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "zk",
            ["namespace"] = "zk",
            ["generation"] = generation,
            ["resourceVersion"] = "10",
            ["labels"] = new JsonObject { ["team"] = "a" },
            ["finalizers"] = new JsonArray("zookeeper.zkoperator.io/finalizer"),
        },
        ["spec"] = new JsonObject { ["replicas"] = 3 },
        ["status"] = new JsonObject { ["phase"] = "Creating" },
    };

    private static ResourceChange Modified(JsonObject old, Action<JsonObject> edit)
    {
        var updated = old.DeepClone().AsObject();
        updated["metadata"]!["resourceVersion"] = "11";
        edit(updated);
        return new ResourceChange(ResourceChangeType.Modified, "zk/zk", updated, old);
    }

    [Fact]
    public void A_status_only_update_is_not_enqueued() =>
        Assert.False(EnsembleChangeFilter.Enqueues(Modified(Ensemble(), o => o["status"]!["phase"] = "Running")));

    [Theory]
    [InlineData("generation")]
    [InlineData("deletionTimestamp")]
    [InlineData("finalizers")]
    [InlineData("labels")]
    [InlineData("annotations")]
    public void A_change_of_spec_or_lifecycle_metadata_is_enqueued(string field) =>
        Assert.True(EnsembleChangeFilter.Enqueues(Modified(Ensemble(), o => o["metadata"]![field] = field switch
        {
            "generation" => 2,
            "deletionTimestamp" => "2025-06-01T12:00:00Z",
            "finalizers" => new JsonArray(),
            _ => new JsonObject { ["changed"] = "yes" },
        })));

    [Theory]
    [InlineData(ResourceChangeType.Added)]
    [InlineData(ResourceChangeType.Deleted)]
    [InlineData(ResourceChangeType.Resynced)]
    public void Additions_deletions_and_resyncs_are_always_enqueued(ResourceChangeType type)
    {
        var obj = Ensemble();
        Assert.True(EnsembleChangeFilter.Enqueues(new ResourceChange(type, "zk/zk", obj, type == ResourceChangeType.Added ? null : obj)));
    }

    [Fact]
    public void Without_a_generation_a_spec_change_is_still_enqueued()
    {
        var old = Ensemble();
        old["metadata"]!.AsObject().Remove("generation");
        Assert.True(EnsembleChangeFilter.Enqueues(Modified(old, o => o["spec"]!["replicas"] = 5)));
        Assert.False(EnsembleChangeFilter.Enqueues(Modified(old, o => o["status"]!["phase"] = "Running")));
    }
}
