using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>
/// The images (docker/) agree with what runs them: the zknode image's entrypoint, user, tools, ports and
/// data folder with the pod template the operator renders; the operator image with the chart; and image
/// names and tags across values.yaml, the CRD default, examples/, the Makefile and the documents.
/// </summary>
public sealed partial class ImageContractTests
{
    /// <summary>The `app` user of the official .NET 8+ images (their APP_UID).</summary>
    private const long DotnetAppUid = 1654;

    [Fact]
    public void The_zknode_image_runs_what_the_pod_template_expects()
    {
        var image = Dockerfile.Read("zknode.Dockerfile");
        var (template, _) = PodTemplateBuilder.Build(Ensembles.Default(), EnsembleLabels.VoterComponent, "hash");
        var pod = template["spec"]!.AsObject();
        var main = pod["containers"]!.AsArray().Single(c => (string?)c!["name"] == PodTemplateBuilder.ContainerName)!;
        var init = pod["initContainers"]!.AsArray().Single()!;

        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", image.RuntimeBase);
        Assert.Null(main["command"]);
        Assert.Equal(["/app/zknode"], image.Entrypoint);
        Assert.Equal(image.Cmd, main["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(ZooCfg.RuntimeConfigDir + "/" + ZooCfg.StaticFileName, Assert.Single(image.Cmd));

        Assert.Equal("$APP_UID", image.User);
        Assert.DoesNotContain("useradd", image.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("groupadd", image.Text, StringComparison.Ordinal);
        var security = pod["securityContext"]!;
        Assert.Equal(DotnetAppUid, Number(security["runAsUser"]!));
        Assert.Equal(DotnetAppUid, Number(security["runAsGroup"]!));
        Assert.Equal(DotnetAppUid, Number(security["fsGroup"]!));
        Assert.True((bool)security["runAsNonRoot"]!);

        Assert.Equal("sh", (string?)init["command"]![0]);
        Assert.Equal((string?)main["image"], (string?)init["image"]);
        Assert.Contains("nc ", main["readinessProbe"]!["exec"]!["command"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("netcat-openbsd", image.Text, StringComparison.Ordinal);
        Assert.Superset(main["ports"]!.AsArray().Select(p => Number(p!["containerPort"]!)).ToHashSet(), image.Exposed.ToHashSet());

        var dataMount = main["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == PodTemplateBuilder.DataVolume)!;
        Assert.Equal(ZooCfg.DataDir, (string?)dataMount["mountPath"]);
        Assert.Equal(ZooCfg.DataDir, image.WorkDir);
        Assert.Contains($"VOLUME [\"{ZooCfg.DataDir}\"]", image.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operator_image_runs_what_the_chart_expects()
    {
        var image = Dockerfile.Read("zk-operator.Dockerfile");
        string values = File.ReadAllText(RepoPaths.Of(Path.Combine("charts", "zk-operator", "values.yaml")));
        string deployment = File.ReadAllText(RepoPaths.Of(Path.Combine("charts", "zk-operator", "templates", "deployment.yaml")));

        // ASP.NET Core serves health and metrics: the aspnet image carries its shared framework.
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", image.RuntimeBase);
        Assert.Equal(["/app/zk-operator"], image.Entrypoint);
        Assert.Equal(["run"], image.Cmd);
        Assert.Contains("args: [\"run\"]", deployment, StringComparison.Ordinal);
        Assert.DoesNotContain("command:", deployment, StringComparison.Ordinal);
        Assert.Equal("$APP_UID", image.User);
        Assert.Contains($"runAsUser: {DotnetAppUid}", values, StringComparison.Ordinal);
        Assert.Contains($"runAsGroup: {DotnetAppUid}", values, StringComparison.Ordinal);
        Assert.Contains("readOnlyRootFilesystem: true", values, StringComparison.Ordinal);
        Assert.Equal([8080L, 8081L], image.Exposed);
    }

    [Fact]
    public void Image_names_and_tags_agree_across_chart_crd_examples_makefile_and_documents()
    {
        string appVersion = AppVersion().Match(File.ReadAllText(RepoPaths.Of(Path.Combine("charts", "zk-operator", "Chart.yaml")))).Groups[1].Value;
        Assert.Equal(ZkEnsembleSpec.DefaultImage, $"ghcr.io/zkoperator/zknode:{appVersion}");
        Assert.Equal(ZkEnsembleSpec.DefaultImage, new ZkEnsembleSpec().Image);
        Assert.Contains("repository: ghcr.io/zkoperator/zk-operator\n", File.ReadAllText(RepoPaths.Of(Path.Combine("charts", "zk-operator", "values.yaml"))), StringComparison.Ordinal);
        Assert.Contains($"default: {ZkEnsembleSpec.DefaultImage}\n", File.ReadAllText(RepoPaths.Of(Path.Combine("crds", "zkensembles.yaml"))), StringComparison.Ordinal);
        Assert.Contains("IMAGE_REGISTRY ?= ghcr.io/zkoperator\n", File.ReadAllText(RepoPaths.Of("Makefile")), StringComparison.Ordinal);

        var files = new[] { "docker", "examples", "charts" }
            .SelectMany(d => Directory.EnumerateFiles(RepoPaths.Of(d), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && !f.EndsWith(".go", StringComparison.Ordinal))
            .Append(RepoPaths.Of("README.md"))
            .ToList();
        var references = files
            .SelectMany(f => ImageReference().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(RepoPaths.Root, f), Name: m.Groups[1].Value, Tag: m.Groups[2].Value)))
            .ToList();

        Assert.Contains(references, r => r.Name == "zknode" && r.File.StartsWith("examples", StringComparison.Ordinal));
        Assert.Contains(references, r => r.Name == "zk-operator" && r.File.StartsWith("docker", StringComparison.Ordinal));
        Assert.All(references, r => Assert.True(r.Tag == appVersion, $"{r.File} names ghcr.io/zkoperator/{r.Name}:{r.Tag}, the chart's appVersion is {appVersion}"));
        foreach (string example in Directory.GetFiles(RepoPaths.Of("examples"), "*.yaml"))
        {
            foreach (Match m in ExampleImage().Matches(File.ReadAllText(example)))
            {
                Assert.Equal(ZkEnsembleSpec.DefaultImage, m.Groups[1].Value);
            }
        }
    }

    private static long Number(JsonNode node) => long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^appVersion:\s*""?([^""\s]+)""?\s*$", RegexOptions.Multiline)]
    private static partial Regex AppVersion();

    [GeneratedRegex(@"ghcr\.io/zkoperator/(zknode|zk-operator):([A-Za-z0-9_.\-]+)")]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^\s*image:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExampleImage();

    /// <summary>A Dockerfile without its comments, and the instructions of its last stage that the contract is about.</summary>
    private sealed record Dockerfile(string Text, string RuntimeBase, string[] Entrypoint, string[] Cmd, string User, string WorkDir, long[] Exposed)
    {
        public static Dockerfile Read(string name)
        {
            string text = File.ReadAllText(RepoPaths.Of(Path.Combine("docker", name)));
            var lines = text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).ToList();
            int last = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
            var stage = lines.Skip(last).ToList();
            string Instruction(string keyword) => stage.Last(l => l.StartsWith(keyword + " ", StringComparison.Ordinal))[(keyword.Length + 1)..].Trim();
            string[] JsonForm(string keyword) => [.. JsonNode.Parse(Instruction(keyword))!.AsArray().Select(n => (string)n!)];
            return new Dockerfile(
                string.Join('\n', lines),
                Instruction("FROM").Split(' ')[0],
                JsonForm("ENTRYPOINT"),
                JsonForm("CMD"),
                Instruction("USER"),
                Instruction("WORKDIR"),
                [.. Instruction("EXPOSE").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)]);
        }
    }
}
