using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests;

public sealed class KubernetesApiCrudTests : FakeServerTest
{
    [Fact]
    public async Task Created_object_comes_back_with_server_metadata_and_reads_back_equal()
    {
        var created = await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg", "tickTime=2000"));

        var meta = created.GetMetadata();
        Assert.False(string.IsNullOrEmpty(meta.Uid));
        Assert.False(string.IsNullOrEmpty(meta.ResourceVersion));
        Assert.NotNull(meta.CreationTimestamp);
        var read = await Client.GetAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg");
        Assert.NotNull(read);
        Assert.Equal("tickTime=2000", (string?)read["data"]!["zoo.cfg"]);
        Assert.Equal(meta.ResourceVersion, read.GetResourceVersion());
    }

    [Fact]
    public async Task Get_of_a_missing_object_returns_null()
    {
        Assert.Null(await Client.GetAsync(ResourceType.StatefulSet, Manifests.Namespace, "absent"));
    }

    [Fact]
    public async Task Creating_an_existing_name_is_an_already_exists_conflict()
    {
        await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg"));

        var e = await Assert.ThrowsAsync<ConflictException>(() => Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg")));

        Assert.True(e.IsAlreadyExists);
        Assert.Equal(HttpStatusCode.Conflict, e.Code);
    }

    [Fact]
    public async Task Replace_with_a_stale_resource_version_is_a_conflict_and_changes_nothing()
    {
        var first = await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg", "v1"));
        var stale = (JsonObject)first.DeepClone();
        first["data"]!["zoo.cfg"] = "v2";
        await Client.ReplaceAsync(ResourceType.ConfigMap, first);

        stale["data"]!["zoo.cfg"] = "v3";
        var e = await Assert.ThrowsAsync<ConflictException>(() => Client.ReplaceAsync(ResourceType.ConfigMap, stale));

        Assert.Equal("Conflict", e.Reason);
        var current = await Client.GetAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg");
        Assert.Equal("v2", (string?)current!["data"]!["zoo.cfg"]);
    }

    [Fact]
    public async Task Replace_with_the_current_resource_version_succeeds_and_moves_it()
    {
        var created = await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg", "v1"));
        created["data"]!["zoo.cfg"] = "v2";

        var replaced = await Client.ReplaceAsync(ResourceType.ConfigMap, created);

        Assert.NotEqual(created.GetResourceVersion(), replaced.GetResourceVersion());
        Assert.Equal("v2", (string?)replaced["data"]!["zoo.cfg"]);
    }

    [Fact]
    public async Task List_filters_by_label_selector_and_returns_the_collection_resource_version()
    {
        await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a", labels: new() { ["app"] = "zk", ["tier"] = "data" }));
        await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b", labels: new() { ["app"] = "zk" }));
        await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("c", labels: new() { ["app"] = "other" }));

        var zk = await Client.ListAsync(ResourceType.ConfigMap, Manifests.Namespace, "app=zk");
        var notData = await Client.ListAsync(ResourceType.ConfigMap, Manifests.Namespace, "app in (zk,other),tier!=data");

        Assert.Equal(["a", "b"], zk.Items.Select(i => i.GetName()).Order());
        Assert.Equal(["b", "c"], notData.Items.Select(i => i.GetName()).Order());
        Assert.Equal(Server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), zk.ResourceVersion);
        Assert.All(zk.Items, i => Assert.Equal("ConfigMap", (string?)i["kind"]));
    }

    [Fact]
    public async Task Merge_patch_changes_only_the_named_fields_and_null_removes_one()
    {
        var cm = Manifests.ConfigMap("cfg", "v1");
        cm["data"]!["myid"] = "1";
        await Client.CreateAsync(ResourceType.ConfigMap, cm);

        var patched = await Client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg", PatchType.Merge,
            new JsonObject { ["data"] = new JsonObject { ["zoo.cfg"] = "v2", ["myid"] = null } });

        Assert.Equal("v2", (string?)patched["data"]!["zoo.cfg"]);
        Assert.False(patched["data"]!.AsObject().ContainsKey("myid"));
    }

    [Fact]
    public async Task Json_patch_test_operation_guards_the_change()
    {
        await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg", "v1"));
        var guarded = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/data/zoo.cfg", ["value"] = "v0" },
            new JsonObject { ["op"] = "replace", ["path"] = "/data/zoo.cfg", ["value"] = "v2" });
        var valid = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/data/zoo.cfg", ["value"] = "v1" },
            new JsonObject { ["op"] = "replace", ["path"] = "/data/zoo.cfg", ["value"] = "v2" });

        var e = await Assert.ThrowsAsync<KubeApiException>(() => Client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg", PatchType.Json, guarded));
        var patched = await Client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg", PatchType.Json, valid);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Code);
        Assert.Equal("v2", (string?)patched["data"]!["zoo.cfg"]);
    }

    [Fact]
    public async Task Delete_reports_whether_the_object_existed_and_sends_the_propagation_policy()
    {
        await Client.CreateAsync(ResourceType.StatefulSet, Manifests.StatefulSet("zk", 3));

        bool first = await Client.DeleteAsync(ResourceType.StatefulSet, Manifests.Namespace, "zk", new V1DeleteOptions { PropagationPolicy = "Foreground" });
        var sentOptions = Server.Store.LastDeleteOptions;
        bool second = await Client.DeleteAsync(ResourceType.StatefulSet, Manifests.Namespace, "zk");

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("Foreground", (string?)sentOptions?["propagationPolicy"]);
        Assert.Null(await Client.GetAsync(ResourceType.StatefulSet, Manifests.Namespace, "zk"));
    }

    [Fact]
    public async Task Delete_with_a_stale_uid_precondition_is_a_conflict_and_keeps_the_object()
    {
        await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg"));

        await Assert.ThrowsAsync<ConflictException>(() => Client.DeleteAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg",
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "an-earlier-incarnation" } }));

        Assert.NotNull(await Client.GetAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg"));
    }

    [Fact]
    public async Task Delete_with_a_finalizer_only_marks_and_removing_the_last_finalizer_deletes()
    {
        var ensemble = Manifests.Ensemble("zk", 3);
        ensemble["metadata"]!["finalizers"] = new JsonArray("zookeeper.zkoperator.io/teardown");
        await Client.CreateAsync(ResourceType.ZkEnsemble, ensemble);

        Assert.True(await Client.DeleteAsync(ResourceType.ZkEnsemble, Manifests.Namespace, "zk"));
        var marked = await Client.GetAsync(ResourceType.ZkEnsemble, Manifests.Namespace, "zk");
        Assert.NotNull(marked);
        Assert.NotNull(marked.GetMetadata().DeletionTimestamp);

        await Client.PatchAsync(ResourceType.ZkEnsemble, Manifests.Namespace, "zk", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } });

        Assert.Null(await Client.GetAsync(ResourceType.ZkEnsemble, Manifests.Namespace, "zk"));
    }

    [Fact]
    public async Task Create_event_posts_a_core_v1_event_in_the_object_namespace()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var created = await Client.CreateEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "zk.scaled", NamespaceProperty = Manifests.Namespace },
            InvolvedObject = new V1ObjectReference { ApiVersion = "zookeeper.zkoperator.io/v1alpha1", Kind = "ZkEnsemble", Name = "zk", NamespaceProperty = Manifests.Namespace },
            Reason = "Scaled",
            Message = "added member 4",
            Type = "Normal",
            Source = new V1EventSource { Component = "zk-operator" },
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Count = 1,
        });

        Assert.Equal("Scaled", created.Reason);
        var stored = Server.Store.Peek(ResourceType.Event, Manifests.Namespace, "zk.scaled");
        Assert.Equal("ZkEnsemble", (string?)stored!["involvedObject"]!["kind"]);
        Assert.Equal("2026-03-01T12:00:00Z", (string?)stored["firstTimestamp"]);
    }
}
