using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>The fake's own building blocks, so a client test failure points at the client, not the fake.</summary>
public sealed class FakeSemanticsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "zk", ["tier"] = "data", ["app.kubernetes.io/name"] = "zknode" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=zk", true)]
    [InlineData("app==zk", true)]
    [InlineData("app=web", false)]
    [InlineData("app!=web", true)]
    [InlineData("app!=zk", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing", true)]
    [InlineData("app in (web, zk)", true)]
    [InlineData("app notin (web,zk)", false)]
    [InlineData("app in (web,zk),tier=data", true)]
    [InlineData("app.kubernetes.io/name=zknode,tier!=data", false)]
    public void Label_selectors_follow_the_api_grammar(string selector, bool matches)
    {
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Fact]
    public void Merge_patch_merges_objects_replaces_lists_and_deletes_nulls()
    {
        var target = JsonNode.Parse("""{"a":{"b":1,"c":2},"list":[1,2],"keep":true}""");
        var patch = JsonNode.Parse("""{"a":{"b":null,"d":4},"list":[3]}""");

        var result = MergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"c":2,"d":4},"list":[3],"keep":true}"""), result));
    }

    [Fact]
    public void Json_patch_applies_operations_in_order_and_a_failed_test_aborts()
    {
        var target = JsonNode.Parse("""{"spec":{"replicas":3,"list":["x"]}}""")!.AsObject();
        var ok = JsonNode.Parse("""
            [{"op":"test","path":"/spec/replicas","value":3},
             {"op":"replace","path":"/spec/replicas","value":5},
             {"op":"add","path":"/spec/list/-","value":"y"},
             {"op":"remove","path":"/spec/list/0"}]
            """)!.AsArray();
        var failing = JsonNode.Parse("""[{"op":"test","path":"/spec/replicas","value":3}]""")!.AsArray();

        JsonPatch.Apply(target, ok);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"spec":{"replicas":5,"list":["y"]}}"""), target));
        Assert.Throws<InvalidOperationException>(() => JsonPatch.Apply(target, failing));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/zk/pods/zk-0", "", "zk", "pods", "zk-0", null)]
    [InlineData("/api/v1/namespaces/zk/configmaps", "", "zk", "configmaps", null, null)]
    [InlineData("/api/v1/namespaces", "", null, "namespaces", null, null)]
    [InlineData("/api/v1/namespaces/zk", "", null, "namespaces", "zk", null)]
    [InlineData("/apis/apps/v1/namespaces/zk/statefulsets/zk/status", "apps", "zk", "statefulsets", "zk", "status")]
    [InlineData("/apis/zookeeper.zkoperator.io/v1alpha1/zkensembles", "zookeeper.zkoperator.io", null, "zkensembles", null, null)]
    public void Rest_paths_parse_into_group_namespace_plural_name_and_subresource(string path, string group, string? ns, string plural, string? name, string? subresource)
    {
        var route = FakeRoute.Parse(path);

        Assert.Equal((group, ns, plural, name, subresource), (route!.Group, route.Namespace, route.Plural, route.Name, route.Subresource));
    }

    [Fact]
    public void Resource_types_build_the_paths_the_fake_parses()
    {
        var path = ResourceType.ZkEnsemble.PathFor("zk", "main", "status");

        Assert.Equal("/apis/zookeeper.zkoperator.io/v1alpha1/namespaces/zk/zkensembles/main/status", path);
        Assert.Equal("/api/v1/namespaces/zk/configmaps", ResourceType.ConfigMap.PathFor("zk"));
        Assert.Equal("/apis/apps/v1/statefulsets", ResourceType.StatefulSet.PathFor(null));
        Assert.Equal("v1", ResourceType.Pod.ApiVersion);
        Assert.Equal("policy/v1", ResourceType.PodDisruptionBudget.ApiVersion);
        Assert.Throws<ArgumentException>(() => ResourceType.Namespace.PathFor("zk", "x"));
    }
}
