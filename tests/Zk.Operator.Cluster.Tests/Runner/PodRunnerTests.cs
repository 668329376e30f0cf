using System.Globalization;
using System.Text;
using Zk.Node.Protocol.Data;
using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Cluster.Tests.Sandbox;
using Zk.Operator.Cluster.Tests.Scenarios;

namespace Zk.Operator.Cluster.Tests.Runner;

/// <summary>What kubelet guarantees a pod, checked on a member the operator created.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class PodRunnerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_member_runs_as_the_templates_user_with_its_pod_name_as_hostname_and_its_own_volume_and_address()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("ident", replicas: 1);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        var pod = harness.Store.Get(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "ident-0")!;
        int pid = MainProcess(pod);
        var context = pod["spec"]!["securityContext"]!;

        var status = File.ReadAllLines($"/proc/{pid}/status").ToDictionary(l => l.Split(':')[0], l => l.Split(':', 2)[1].Trim());
        Assert.Equal(context["runAsUser"]!.ToJsonString(), status["Uid"].Split('\t')[0]);
        Assert.Equal(context["runAsGroup"]!.ToJsonString(), status["Gid"].Split('\t')[0]);
        Assert.Contains(context["fsGroup"]!.ToJsonString(), status["Groups"].Split(' '));
        Assert.Equal("0000000000000000", status["CapEff"]);
        var (_, hostname) = await Command.TryAsync("nsenter", "--target", pid.ToString(CultureInfo.InvariantCulture), "--uts", "hostname");
        Assert.Equal("ident-0", hostname.Trim());
        Assert.Equal("1", File.ReadAllText($"/proc/{pid}/root/data/myid").Trim());
        Assert.Equal(File.ReadAllText(Path.Combine(harness.Runner.ClaimFolder(KubeEnsembleHarness.Namespace, "data-ident-0"), "myid")), File.ReadAllText($"/proc/{pid}/root/data/myid"));
        var (_, address) = await Command.TryAsync("nsenter", "--target", pid.ToString(CultureInfo.InvariantCulture), "--net", "ip", "-4", "-o", "addr", "show", "eth0");
        Assert.Contains(" " + (string)pod["status"]!["podIP"]! + "/24 ", address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_that_dies_is_restarted_in_the_same_pod_and_the_member_serves_again()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("crash", replicas: 1);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        var pod = harness.Store.Get(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "crash-0")!;

        await Command.RunAsync("kill", "-KILL", MainProcess(pod).ToString(CultureInfo.InvariantCulture));

        await harness.WaitAsync(
            () => harness.Store.Get(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "crash-0") is { } now
                && Meta.Uid(now) == Meta.Uid(pod)
                && Meta.Int(now["status"]?["containerStatuses"]?[0]?["restartCount"], 0) == 1
                && (bool?)now["status"]?["containerStatuses"]?[0]?["ready"] == true,
            "crash-0 restarted once in place and ready again",
            Deadline);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
    }

    [Fact]
    public async Task A_deleted_member_pod_comes_back_from_the_current_template_on_the_same_claim_with_its_data()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("again", replicas: 1);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        await using (var client = await harness.ConnectAsync(1))
        {
            await client.CreateAsync("/outlives-the-pod", Encoding.UTF8.GetBytes("kept"), Acl.OpenAclUnsafe);
        }

        var before = harness.Store.Get(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "again-0")!;

        harness.Store.Delete(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "again-0");

        await harness.WaitAsync(
            () => harness.Store.Get(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "again-0") is { } now
                && Meta.Uid(now) != Meta.Uid(before) && (bool?)now["status"]?["containerStatuses"]?[0]?["ready"] == true,
            "again-0 recreated and ready",
            Deadline);
        var set = harness.Store.Get(ClusterStore.StatefulSets, KubeEnsembleHarness.Namespace, "again")!;
        var pod = harness.Store.Get(ClusterStore.Pods, KubeEnsembleHarness.Namespace, "again-0")!;
        Assert.Equal(set["spec"]!["template"]!["metadata"]!["annotations"]!.ToJsonString(), pod["metadata"]!["annotations"]!.ToJsonString());
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        await using var after = await harness.ConnectAsync(1);
        Assert.Equal("kept", Encoding.UTF8.GetString((await after.GetDataAsync("/outlives-the-pod")).Data!));
    }

    private static int MainProcess(System.Text.Json.Nodes.JsonObject pod) =>
        int.Parse(((string)pod["status"]!["containerStatuses"]![0]!["containerID"]!)["sandbox://".Length..], CultureInfo.InvariantCulture);
}
