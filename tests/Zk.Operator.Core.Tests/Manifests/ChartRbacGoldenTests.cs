using System.Text.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>
/// The RBAC objects the chart renders, committed as JSON for the fake API server's authorizer
/// (tests/Zk.Operator.Kube.Tests/Fake/FakeRbac.cs), which enforces them on the operator's requests.
/// Stale files fail here; <c>ZK_UPDATE_GOLDEN=1</c> rewrites them.
/// </summary>
public sealed class ChartRbacGoldenTests(ChartRenderer renderer) : IClassFixture<ChartRenderer>
{
    private static readonly string[] RbacKinds = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];

    public static TheoryData<string, string> Variants() => new()
    {
        { "cluster-wide", "{}" },
        { "namespaced", """{"watchNamespaces":["zk","other"]}""" },
        { "no-leader-election", """{"leaderElection":{"enabled":false}}""" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_fake_api_servers_rbac_is_what_the_chart_renders(string variant, string values)
    {
        var chart = renderer.Render(JsonNode.Parse(values)!.AsObject());
        var rbac = new JsonArray([.. chart.Documents.Where(d => RbacKinds.Contains((string?)d["kind"])).Select(d => (JsonNode)d.DeepClone())]);
        Assert.NotEmpty(rbac);

        string text = rbac.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        GoldenFile.Verify(
            RepoPaths.Of(Path.Combine("tests", "Zk.Operator.Kube.Tests", "Fake", "Rbac", variant + ".json")),
            text,
            "run the chart tests with ZK_UPDATE_GOLDEN=1");
    }
}
