using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Desired;

public sealed class ClusterDomainTests
{
    [Fact]
    public void Members_are_named_in_the_cluster_domain_given()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default(), "example.internal");

        var server = desired.Names.Server(1);
        var zooCfg = desired.Render(desired.InitialLayout).ConfigMap.ToJsonString();

        Assert.EndsWith(".svc.example.internal", server.Host, StringComparison.Ordinal);
        Assert.Contains(".svc.example.internal:2888:3888", zooCfg, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster.local", zooCfg, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_domain_members_are_named_in_cluster_local()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default());

        Assert.EndsWith(".svc.cluster.local", desired.Names.Server(1).Host, StringComparison.Ordinal);
    }
}
