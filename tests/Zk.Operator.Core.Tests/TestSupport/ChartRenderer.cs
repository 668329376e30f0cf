using System.Text.Json.Nodes;

namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>
/// Renders charts/zk-operator with the Go template engine Helm uses (charts/render, built offline against
/// Debian's sprig, once per test class), like <c>helm template zk-operator charts/zk-operator -n zk-system</c>.
/// </summary>
public sealed class ChartRenderer : IDisposable
{
    public const string ReleaseNamespace = "zk-system";

    private readonly string dir = Directory.CreateTempSubdirectory("zk-helm-render-").FullName;
    private readonly Lazy<string> binary;

    public ChartRenderer() => binary = new Lazy<string>(Build);

    public static string CustomValues => RepoPaths.Of(Path.Combine("charts", "render", "testdata", "values-custom.yaml"));

    /// <summary>The chart with its defaults overlaid by <paramref name="valuesFiles"/>, in order.</summary>
    public RenderedChart Render(params string[] valuesFiles)
    {
        string notesFile = Path.Combine(dir, $"notes-{Guid.NewGuid():N}.txt");
        var args = new List<string> { "-chart", RepoPaths.Of(Path.Combine("charts", "zk-operator")), "-namespace", ReleaseNamespace, "-notes", notesFile };
        foreach (string file in valuesFiles)
        {
            args.AddRange(["-f", file]);
        }

        var result = Tool.Run(binary.Value, args, RepoPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, "chart rendering failed:\n" + result.Output);
        return new RenderedChart(result.Stdout, File.ReadAllText(notesFile));
    }

    /// <summary>The chart with its defaults overlaid by <paramref name="values"/> (JSON is YAML).</summary>
    public RenderedChart Render(JsonObject values)
    {
        string file = Path.Combine(dir, $"values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, values.ToJsonString());
        return Render(file);
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
