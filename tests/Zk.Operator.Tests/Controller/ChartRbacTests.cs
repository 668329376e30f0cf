using System.Net;
using System.Text.Json.Nodes;
using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Kube;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Controller;

/// <summary>
/// The controller and the Kubernetes runtime against a fake API server that enforces the RBAC the chart renders
/// (tests/Zk.Operator.Kube.Tests/Fake/Rbac, kept equal to the chart by ChartRbacGoldenTests): with the chart's
/// grants a whole life passes; without each grant the issue found missing, the operator is refused.
/// </summary>
public sealed class ChartRbacTests
{
    [Theory]
    [InlineData("cluster-wide")]
    [InlineData("namespaced")]
    public async Task A_whole_life_of_an_ensemble_passes_the_charts_rbac(string chart)
    {
        var rbac = FakeRbac.FromChart(chart);
        await using var fx = await ControllerFixture.StartAsync(rbac);

        await LiveAndDieAsync(fx);

        Assert.Empty(rbac.Denials);
        Assert.Null(await fx.Api.GetAsync(ResourceType.ZkEnsemble, ControllerFixture.Namespace, "zk"));
        Assert.Null(fx.Peek(ResourceType.PersistentVolumeClaim, "data-zk-0"));
        Assert.Equal(5, (int?)fx.Peek(ResourceType.StatefulSet, "zk")!["spec"]!["replicas"]);
        Assert.NotNull(fx.Peek(ResourceType.Secret, "zk-admin"));
    }

    /// <summary>The defects of issue 8: each grant the chart lacked stops the operator with a 403 at the step that needs it.</summary>
    [Theory]
    [InlineData("zookeeper.zkoperator.io", "zkensembles", "patch")]
    [InlineData("zookeeper.zkoperator.io", "zkensembles/status", "update")]
    [InlineData("zookeeper.zkoperator.io", "zkensembles/finalizers", "update")]
    [InlineData("", "secrets", "create")]
    [InlineData("apps", "statefulsets", "create")]
    [InlineData("apps", "statefulsets", "patch")]
    [InlineData("", "pods", "list")]
    [InlineData("", "pods", "delete")]
    [InlineData("", "persistentvolumeclaims", "list")]
    [InlineData("", "persistentvolumeclaims", "delete")]
    public async Task Without_a_grant_the_operator_is_refused_where_it_needs_it(string group, string resource, string verb)
    {
        var rbac = FakeRbac.FromChart("cluster-wide").Without(group, resource, verb);
        await using var fx = await ControllerFixture.StartAsync(rbac);

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => LiveAndDieAsync(fx));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Code);
        Assert.Contains(rbac.Denials, d => d.Contains($" {verb} {group}/{resource} ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Create, status, finalizer, admin Secret, events, observe (pods), scale, restart a member, then delete with
    /// reclaimPolicy Delete (volume claims listed and deleted, finalizer removed).
    /// </summary>
    private static async Task LiveAndDieAsync(ControllerFixture fx)
    {
        fx.Create(ControllerFixture.Ensemble(reclaim: ReclaimPolicy.Delete));
        await fx.ReconcileAsync();
        Assert.Contains(ZkEnsembleController.Finalizer, (await fx.GetAsync()).GetMetadata().Finalizers ?? []);

        fx.Server.Store.Seed(ResourceType.Pod, Member("zk-0"));
        fx.Server.Store.Seed(ResourceType.PersistentVolumeClaim, Member("data-zk-0", "PersistentVolumeClaim"));
        await fx.ReconcileAsync();
        var desired = DesiredEnsemble.From(ZkEnsemble.FromJson(await fx.GetAsync()));
        await fx.Runtime.ScaleAsync(desired, desired.Names.VotersStatefulSet, 5, CancellationToken.None);
        await fx.Runtime.RestartPodAsync(desired, "zk-0", null, CancellationToken.None);

        await fx.Api.DeleteAsync(ResourceType.ZkEnsemble, ControllerFixture.Namespace, "zk");
        var result = await fx.Controller.ReconcileAsync(await fx.GetAsync(), CancellationToken.None);
        Assert.Equal("finalized", result.Outcome);
    }

    private static JsonObject Member(string name, string kind = "Pod") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ControllerFixture.Namespace,
            ["labels"] = new JsonObject
            {
                [EnsembleLabels.Name] = EnsembleLabels.AppName,
                [EnsembleLabels.Instance] = "zk",
                [EnsembleLabels.Component] = EnsembleLabels.VoterComponent,
                [EnsembleLabels.ManagedBy] = EnsembleLabels.Manager,
            },
        },
    };
}
