using System.Text.Json.Nodes;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Runner;

/// <summary>
/// The image the pod runner plays, read from docker/zknode.Dockerfile, against the pod template the operator renders.
/// No sandbox needed: these run with the rest of the solution.
/// </summary>
public sealed class ContainerImageTests
{
    private static readonly ContainerImage Image = ContainerImage.FromDockerfile(Path.Combine(AppContext.BaseDirectory, "zknode.Dockerfile"), "/opt/zknode");

    [Fact]
    public void The_member_container_runs_the_images_entrypoint_from_its_application_folder_on_the_config_the_init_container_writes()
    {
        var main = Container("containers");

        var line = Image.CommandLine(main, new Dictionary<string, string>());

        Assert.StartsWith(Image.AppPath + "/", line[0], StringComparison.Ordinal);
        Assert.Equal("zknode", Path.GetFileName(line[0]));
        Assert.Equal([.. Image.Entrypoint, ZooCfg.RuntimeConfigDir + "/" + ZooCfg.StaticFileName], line);
        Assert.Contains("cp " + ZooCfg.ConfigMountPath + "/" + ZooCfg.StaticFileName + " " + ZooCfg.RuntimeConfigDir + "/" + ZooCfg.StaticFileName, string.Join(' ', Image.CommandLine(Container("initContainers"), new Dictionary<string, string>())), StringComparison.Ordinal);
    }

    [Fact]
    public void The_images_path_finds_the_application_folder_first()
    {
        Assert.StartsWith(Image.AppPath + ":", Image.Environment["PATH"], StringComparison.Ordinal);
        Assert.EndsWith(ContainerImage.DefaultPath, Image.Environment["PATH"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_replaces_the_entrypoint_and_drops_the_images_cmd_and_variables_expand()
    {
        var container = new JsonObject { ["command"] = new JsonArray("sh", "-c", "echo $(POD_NAME) $$HOME") };

        var line = Image.CommandLine(container, new Dictionary<string, string> { ["POD_NAME"] = "zk-0" });

        Assert.Equal(["sh", "-c", "echo zk-0 $HOME"], line);
    }

    private static JsonObject Container(string field)
    {
        var ensemble = new ZkEnsemble { Metadata = new Core.Resources.ObjectMeta { Name = "zk", Namespace = "ns" }, Spec = new ZkEnsembleSpec { Replicas = 3 } };
        var (template, _) = PodTemplateBuilder.Build(ensemble, EnsembleLabels.VoterComponent, "config-hash");
        return template["spec"]![field]![0]!.AsObject();
    }
}
