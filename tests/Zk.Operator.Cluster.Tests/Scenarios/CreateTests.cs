using System.Text;
using Zk.Node.Protocol.Data;
using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>A new ZkEnsemble through the Kubernetes runtime: StatefulSet, pods, volumes, readiness, a client.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class CreateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Three_voters_become_available_and_a_client_writes_and_reads_through_the_pods_dns_names()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("create", replicas: 3);

        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);

        var status = harness.Status!;
        Assert.Single(status.Members!, m => m.Role == "leader");
        Assert.Equal(2, status.Members!.Count(m => m.Role == "follower"));
        await using var client = await harness.ConnectAsync(3);
        await client.CreateAsync("/through-the-pods", Encoding.UTF8.GetBytes("hello"), Acl.OpenAclUnsafe);
        var (data, _) = await client.GetDataAsync("/through-the-pods");
        Assert.Equal("hello", Encoding.UTF8.GetString(data!));
        Assert.Equal(EnsemblePhase.Running, status.Phase);
    }
}
