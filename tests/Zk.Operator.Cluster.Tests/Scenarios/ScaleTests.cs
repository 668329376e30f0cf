using System.Globalization;
using System.Text;
using Zk.Node.Protocol.Data;
using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>Scaling through the Kubernetes runtime: StatefulSet replicas, reconfig one member at a time, retained claims.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ScaleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Scaling_3_to_5_to_3_to_1_to_3_keeps_the_data_and_every_member_comes_back_with_its_own_myid()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("scale", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Step);
        await using (var client = await harness.ConnectAsync(3))
        {
            await client.CreateAsync("/before-scaling", Encoding.UTF8.GetBytes("kept"), Acl.OpenAclUnsafe);
        }

        foreach (int replicas in new[] { 5, 3, 1 })
        {
            harness.Edit(spec => spec.Replicas = replicas);
            await harness.WaitForAvailableAsync(readyReplicas: replicas, Step);
            await AssertParticipantsAsync(harness, replicas);
        }

        await using (var client = await harness.ConnectAsync(1))
        {
            await client.CreateAsync("/at-one", Encoding.UTF8.GetBytes("one"), Acl.OpenAclUnsafe);
        }

        harness.Edit(spec => spec.Replicas = 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Step);

        await AssertParticipantsAsync(harness, 3);
        await using var after = await harness.ConnectAsync(3);
        Assert.Equal("kept", Encoding.UTF8.GetString((await after.GetDataAsync("/before-scaling")).Data!));
        Assert.Equal("one", Encoding.UTF8.GetString((await after.GetDataAsync("/at-one")).Data!));
        var members = harness.Status!.Members!;
        Assert.Equal(["scale-0", "scale-1", "scale-2"], members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(members, m => Assert.Equal(int.Parse(m.Name["scale-".Length..], CultureInfo.InvariantCulture) + 1, m.Id));
        for (int ordinal = 0; ordinal < 5; ordinal++)
        {
            // Retain (the default): the claims of every ordinal ever created outlive their pods; each myid is its own.
            string myid = Path.Combine(harness.Runner.ClaimFolder(KubeEnsembleHarness.Namespace, $"data-scale-{ordinal}"), "myid");
            Assert.Equal((ordinal + 1).ToString(CultureInfo.InvariantCulture), File.ReadAllText(myid).Trim());
        }
    }

    [Fact]
    public async Task Scaling_down_with_reclaim_policy_delete_deletes_the_claims_and_folders_of_the_removed_members_only()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("shed", replicas: 3, reclaim: ReclaimPolicy.Delete);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Step);
        var folders = Enumerable.Range(0, 3).Select(i => harness.Runner.ClaimFolder(KubeEnsembleHarness.Namespace, $"data-shed-{i}")).ToList();
        Assert.All(folders, folder => Assert.True(Directory.Exists(folder), folder));

        harness.Edit(spec => spec.Replicas = 1);

        await harness.WaitForAvailableAsync(readyReplicas: 1, Step);
        await harness.WaitAsync(
            () => harness.Store.List(ClusterStore.Claims, KubeEnsembleHarness.Namespace).Select(Meta.Name).SequenceEqual(["data-shed-0"])
                && !Directory.Exists(folders[1]) && !Directory.Exists(folders[2]),
            "only data-shed-0 left, the other claims and folders gone",
            Step);
        Assert.True(File.Exists(Path.Combine(folders[0], "myid")));
        await AssertParticipantsAsync(harness, 1);
    }

    private static async Task AssertParticipantsAsync(KubeEnsembleHarness harness, int replicas)
    {
        await using var client = await harness.ConnectAsync(replicas);
        var lines = Encoding.UTF8.GetString((await client.GetConfigAsync()).Data!).Split('\n')
            .Where(l => l.StartsWith("server.", StringComparison.Ordinal)).ToList();
        Assert.True(
            lines.Count == replicas && Enumerable.Range(1, replicas).All(id => lines.Any(l => l.StartsWith($"server.{id}=", StringComparison.Ordinal))),
            $"expected server.1..{replicas}, the committed config has:\n{string.Join('\n', lines)}\n{harness.Diagnostics()}");
    }
}
