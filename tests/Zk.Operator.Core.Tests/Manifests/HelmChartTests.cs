using System.Text.Json.Nodes;
using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>
/// Renders charts/zk-operator for default and non-default values and inspects the manifests by kind and
/// name: RBAC, the Deployment's contract with <c>zk-operator run</c>, probes, and schema validity.
/// </summary>
public sealed class HelmChartTests(ChartRenderer renderer) : IClassFixture<ChartRenderer>
{
    private const string Namespace = ChartRenderer.ReleaseNamespace;

    [Fact]
    public void Default_values_render_cluster_wide_rbac_leader_election_metrics_and_the_crd()
    {
        var chart = renderer.Render();

        Assert.NotNull(chart.Get("ClusterRole", "zk-operator"));
        var binding = chart.Get("ClusterRoleBinding", "zk-operator");
        Assert.Equal("zk-operator", (string?)binding["roleRef"]!["name"]);
        Assert.Equal("ServiceAccount", (string?)binding["subjects"]![0]!["kind"]);
        Assert.Equal("zk-operator", (string?)binding["subjects"]![0]!["name"]);
        Assert.Equal(Namespace, (string?)binding["subjects"]![0]!["namespace"]);
        Assert.DoesNotContain(chart.OfKind("Role"), r => (string?)r["metadata"]!["name"] == "zk-operator");
        Assert.NotNull(chart.Get("Role", "zk-operator-leader-election", Namespace));
        Assert.NotNull(chart.Get("RoleBinding", "zk-operator-leader-election", Namespace));
        var crd = chart.Get("CustomResourceDefinition", "zkensembles.zookeeper.zkoperator.io");
        Assert.Equal("keep", (string?)crd["metadata"]!["annotations"]!["helm.sh/resource-policy"]);
        Assert.NotNull(chart.Get("Service", "zk-operator-metrics", Namespace));
        Assert.Contains("It manages ZkEnsembles in every namespace.", chart.Notes, StringComparison.Ordinal);
        AssertValid(chart.Text);
    }

    [Fact]
    public void Custom_values_render_a_role_per_watched_namespace_and_leave_out_what_was_disabled()
    {
        var chart = renderer.Render(ChartRenderer.CustomValues);

        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        foreach (string ns in new[] { "team-a", "team-b" })
        {
            var role = chart.Get("Role", "zk-operator", ns);
            Assert.Equal(Rules(renderer.Render().Get("ClusterRole", "zk-operator")), Rules(role));
            var binding = chart.Get("RoleBinding", "zk-operator", ns);
            Assert.Equal("Role", (string?)binding["roleRef"]!["kind"]);
            Assert.Equal("custom-sa", (string?)binding["subjects"]![0]!["name"]);
            Assert.Equal(Namespace, (string?)binding["subjects"]![0]!["namespace"]);
        }

        Assert.Equal(2, chart.OfKind("Role").Count());
        Assert.Empty(chart.OfKind("CustomResourceDefinition"));
        Assert.Null(chart.Find("Service", "zk-operator-metrics"));
        Assert.Equal("registry.example.com/zk-operator:1.2.3", (string?)chart.OperatorContainer["image"]);
        Assert.Contains("team-a, team-b", chart.Notes, StringComparison.Ordinal);
        AssertValid(chart.Text);
    }

    /// <summary>The RBAC defects: each is a verb the operator calls that the chart did not grant.</summary>
    [Fact]
    public void The_operator_role_grants_exactly_the_verbs_the_operator_calls()
    {
        var rules = Rules(renderer.Render().Get("ClusterRole", "zk-operator"));

        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["zookeeper.zkoperator.io/zkensembles"] = "get,list,patch,update,watch",
            ["zookeeper.zkoperator.io/zkensembles/status"] = "get,patch,update",
            ["zookeeper.zkoperator.io/zkensembles/finalizers"] = "update",
            ["apps/statefulsets"] = "create,get,list,patch,watch",
            ["/services"] = "create,get,list,patch,watch",
            ["/configmaps"] = "create,get,list,patch,watch",
            ["policy/poddisruptionbudgets"] = "create,get,list,patch,watch",
            ["/pods"] = "delete,get,list,watch",
            ["/persistentvolumeclaims"] = "delete,list",
            ["/secrets"] = "create,get",
            ["/events"] = "create,patch",
            ["events.k8s.io/events"] = "create,patch",
        };
        Assert.Equal(expected, rules);
    }

    [Fact]
    public void The_lease_role_exists_only_with_leader_election_and_names_the_one_lease()
    {
        var withElection = renderer.Render(new JsonObject { ["leaderElection"] = new JsonObject { ["leaseName"] = "my-lease" } });
        var role = withElection.Get("Role", "zk-operator-leader-election", Namespace);
        var rules = role["rules"]!.AsArray();
        Assert.All(rules, r => Assert.Equal("coordination.k8s.io", (string?)r!["apiGroups"]![0]));
        var named = Assert.Single(rules, r => r!["resourceNames"] is not null)!;
        Assert.Equal(["my-lease"], named["resourceNames"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["get", "update"], named["verbs"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["create"], Assert.Single(rules, r => r!["resourceNames"] is null)!["verbs"]!.AsArray().Select(n => (string?)n));

        var withoutElection = renderer.Render(new JsonObject { ["leaderElection"] = new JsonObject { ["enabled"] = false } });
        Assert.DoesNotContain(withoutElection.Documents, d => d.ToJsonString().Contains("leases", StringComparison.Ordinal));
        Assert.Equal("false", withoutElection.Environment["ZK_OPERATOR_LEADER_ELECTION"]);
    }

    [Fact]
    public void Secrets_are_only_read_and_created_never_listed_and_there_is_no_pod_exec_or_wildcard()
    {
        foreach (var chart in new[] { renderer.Render(), renderer.Render(ChartRenderer.CustomValues) })
        {
            foreach (var role in chart.OfKind("ClusterRole").Concat(chart.OfKind("Role")))
            {
                foreach (var rule in role["rules"]!.AsArray())
                {
                    var resources = rule!["resources"]!.AsArray().Select(r => (string)r!).ToList();
                    var verbs = rule["verbs"]!.AsArray().Select(v => (string)v!).ToList();
                    Assert.DoesNotContain("*", verbs);
                    Assert.DoesNotContain("*", resources);
                    Assert.DoesNotContain("pods/exec", resources);
                    if (resources.Contains("secrets"))
                    {
                        Assert.Equal(["secrets"], resources);
                        Assert.Equal(["get", "create"], verbs);
                    }
                }
            }
        }
    }

    [Fact]
    public void The_deployment_passes_every_setting_through_the_environment_the_operator_reads()
    {
        var defaults = renderer.Render();
        var env = defaults.Environment;
        Assert.Equal(["run"], defaults.OperatorContainer["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(string.Empty, env["ZK_OPERATOR_WATCH_NAMESPACES"]);
        Assert.Equal("true", env["ZK_OPERATOR_LEADER_ELECTION"]);
        Assert.Equal("zk-operator-leader", env["ZK_OPERATOR_LEASE_NAME"]);
        Assert.Equal(Namespace, env["ZK_OPERATOR_LEASE_NAMESPACE"]);
        Assert.Equal("8080", env["ZK_OPERATOR_METRICS_PORT"]);
        Assert.Equal("8081", env["ZK_OPERATOR_HEALTH_PORT"]);
        Assert.Equal("Information", env["ZK_OPERATOR_LOG_LEVEL"]);
        Assert.Equal("cluster.local", env["ZK_OPERATOR_CLUSTER_DOMAIN"]);
        Assert.Null(env["POD_NAME"]);
        Assert.Null(env["POD_NAMESPACE"]);
        var fieldPaths = defaults.OperatorContainer["env"]!.AsArray()
            .Where(e => e!["valueFrom"] is not null)
            .ToDictionary(e => (string)e!["name"]!, e => (string?)e!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("metadata.name", fieldPaths["POD_NAME"]);
        Assert.Equal("metadata.namespace", fieldPaths["POD_NAMESPACE"]);

        var custom = renderer.Render(ChartRenderer.CustomValues).Environment;
        Assert.Equal("team-a,team-b", custom["ZK_OPERATOR_WATCH_NAMESPACES"]);
        Assert.Equal("false", custom["ZK_OPERATOR_LEADER_ELECTION"]);
        Assert.Equal("0", custom["ZK_OPERATOR_METRICS_PORT"]);
        Assert.Equal("example.internal", custom["ZK_OPERATOR_CLUSTER_DOMAIN"]);
        Assert.Equal("Debug", custom["ZK_OPERATOR_LOG_LEVEL"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Liveness_and_readiness_probe_the_health_port_whether_or_not_metrics_are_on(bool metrics)
    {
        var chart = renderer.Render(new JsonObject { ["metrics"] = new JsonObject { ["enabled"] = metrics } });
        var container = chart.OperatorContainer;
        var ports = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (long)p!["containerPort"]!);

        Assert.Equal(8081L, ports["health"]);
        Assert.Equal(metrics, ports.ContainsKey("metrics"));
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("health", (string?)container["livenessProbe"]!["httpGet"]!["port"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("health", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal(metrics, chart.Find("Service", "zk-operator-metrics") is not null);
    }

    [Fact]
    public void Chart_installs_the_same_crd_as_the_repository()
    {
        var rendered = renderer.Render().Get("CustomResourceDefinition", "zkensembles.zookeeper.zkoperator.io");
        var generated = CrdGenerator.ZkEnsemble();

        // The chart re-serializes the CRD (fromYaml | toYaml sorts keys): compare key-sorted JSON.
        Assert.Equal(Sorted(generated["spec"])!.ToJsonString(), Sorted(rendered["spec"])!.ToJsonString());
    }

    /// <summary>"group/resource" → sorted verbs, one entry per group and resource of every rule.</summary>
    internal static SortedDictionary<string, string> Rules(JsonObject role)
    {
        var map = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var rule in role["rules"]!.AsArray())
        {
            foreach (var group in rule!["apiGroups"]!.AsArray())
            {
                foreach (var resource in rule["resources"]!.AsArray())
                {
                    string key = $"{group}/{resource}";
                    if (!map.TryGetValue(key, out var verbs))
                    {
                        map[key] = verbs = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    verbs.UnionWith(rule["verbs"]!.AsArray().Select(v => (string)v!));
                }
            }
        }

        return new SortedDictionary<string, string>(map.ToDictionary(kv => kv.Key, kv => string.Join(',', kv.Value)), StringComparer.Ordinal);
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    private static void AssertValid(string output)
    {
        string file = Path.Combine(Path.GetTempPath(), $"zk-chart-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, output);
        try
        {
            var result = ManifestValidator.Validate([file]);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
