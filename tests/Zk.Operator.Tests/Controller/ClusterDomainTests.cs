using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Kube;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Controller;

public sealed class ClusterDomainTests
{
    [Fact]
    public async Task The_configuration_the_controller_applies_names_members_in_the_cluster_domain_it_was_given()
    {
        await using var fx = await ControllerFixture.StartAsync(options: new ControllerOptions { ClusterDomain = "example.internal" });
        fx.Create(ControllerFixture.Ensemble());

        await fx.ReconcileAsync();

        var names = new EnsembleNames("zk", ControllerFixture.Namespace);
        var configMap = fx.Peek(ResourceType.ConfigMap, names.ConfigMap)?.ToJsonString() ?? throw new InvalidOperationException("no ConfigMap applied");
        Assert.Contains("zk-0.zk-hs.zk.svc.example.internal:2888:3888", configMap, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster.local", configMap, StringComparison.Ordinal);
    }
}
