using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>
/// Renders charts/zk-operator with the Go template engine Helm uses (charts/render, built offline
/// against Debian's sprig) for default and non-default values, then validates the output.
/// </summary>
public sealed class HelmChartTests : IClassFixture<HelmChartTests.Renderer>
{
    private readonly Renderer renderer;

    public HelmChartTests(Renderer renderer) => this.renderer = renderer;

    [Fact]
    public void Default_values_render_cluster_wide_rbac_leader_election_metrics_and_the_crd()
    {
        string output = renderer.Render(null, out string notes);
        Assert.Contains("kind: ClusterRole\n", output, StringComparison.Ordinal);
        Assert.Contains("kind: ClusterRoleBinding\n", output, StringComparison.Ordinal);
        Assert.Contains("zk-operator-leader-election", output, StringComparison.Ordinal);
        Assert.Contains("kind: CustomResourceDefinition", output, StringComparison.Ordinal);
        Assert.Contains("helm.sh/resource-policy: keep", output, StringComparison.Ordinal);
        Assert.Contains("name: zk-operator-metrics", output, StringComparison.Ordinal);
        Assert.Contains("It manages ZkEnsembles in every namespace.", notes, StringComparison.Ordinal);
        AssertValid(output);
    }

    [Fact]
    public void Custom_values_render_namespaced_roles_and_leave_out_what_was_disabled()
    {
        string output = renderer.Render(RepoPaths.Of(Path.Combine("charts", "render", "testdata", "values-custom.yaml")), out string notes);
        Assert.DoesNotContain("kind: ClusterRole", output, StringComparison.Ordinal);
        Assert.Contains("namespace: team-a", output, StringComparison.Ordinal);
        Assert.Contains("namespace: team-b", output, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: CustomResourceDefinition", output, StringComparison.Ordinal);
        Assert.DoesNotContain("leader-election", output, StringComparison.Ordinal);
        Assert.DoesNotContain("-metrics", output, StringComparison.Ordinal);
        Assert.Contains("image: \"registry.example.com/zk-operator:1.2.3\"", output, StringComparison.Ordinal);
        Assert.Contains("team-a, team-b", notes, StringComparison.Ordinal);
        AssertValid(output);
    }

    [Fact]
    public void Chart_installs_the_same_crd_as_the_repository()
    {
        string output = renderer.Render(null, out _);
        var rendered = YamlJson.Parse(output.Split("\n---\n").Single(d => d.Contains("kind: CustomResourceDefinition", StringComparison.Ordinal)));
        var generated = CrdGenerator.ZkEnsemble();

        // The chart re-serializes the CRD (fromYaml | toYaml sorts keys): compare key-sorted JSON.
        Assert.Equal(Sorted(generated["spec"])!.ToJsonString(), Sorted(rendered["spec"])!.ToJsonString());
    }

    private static System.Text.Json.Nodes.JsonNode? Sorted(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject obj => new System.Text.Json.Nodes.JsonObject(
            obj.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        System.Text.Json.Nodes.JsonArray array => new System.Text.Json.Nodes.JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => System.Text.Json.Nodes.JsonNode.Parse(node.ToJsonString()),
    };

    [Fact]
    public void Operator_gets_no_secrets_and_no_pod_exec()
    {
        string output = renderer.Render(null, out _);
        Assert.DoesNotContain("secrets", output.Split("kind: CustomResourceDefinition")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("pods/exec", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"*\"", output, StringComparison.Ordinal);
    }

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

    /// <summary>Builds the renderer once per test class.</summary>
    public sealed class Renderer : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("zk-helm-render-").FullName;
        private readonly Lazy<string> binary;

        public Renderer() => binary = new Lazy<string>(Build);

        public string Render(string? valuesFile, out string notes)
        {
            string notesFile = Path.Combine(dir, $"notes-{Guid.NewGuid():N}.txt");
            var args = new List<string> { "-chart", RepoPaths.Of(Path.Combine("charts", "zk-operator")), "-notes", notesFile };
            if (valuesFile is not null)
            {
                args.AddRange(["-f", valuesFile]);
            }

            var result = Tool.Run(binary.Value, args, RepoPaths.Root, TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, "chart rendering failed:\n" + result.Output);
            notes = File.ReadAllText(notesFile);
            return result.Stdout;
        }

        private string Build()
        {
            string output = Path.Combine(dir, "render");
            var env = new Dictionary<string, string>
            {
                ["GO111MODULE"] = "off",
                ["GOPATH"] = "/usr/share/gocode",
                ["GOFLAGS"] = string.Empty,
                ["GOCACHE"] = Environment.GetEnvironmentVariable("GOCACHE") ?? Path.Combine(Path.GetTempPath(), "zk-go-cache"),
            };
            var result = Tool.Run("go", ["build", "-o", output, "./charts/render"], RepoPaths.Root, TimeSpan.FromMinutes(5), env);
            Assert.True(result.ExitCode == 0, "building charts/render failed (needs golang-go and golang-github-masterminds-sprig-dev):\n" + result.Output);
            return output;
        }

        public void Dispose() => Directory.Delete(dir, recursive: true);
    }
}
