using System.Text.Json.Nodes;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Kube;
using Zk.Operator.Runtime;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Runtime;

public sealed class KubernetesRuntimeTests
{
    [Fact]
    public async Task A_restart_deletes_the_pod_with_a_precondition_on_the_uid_it_read()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var stored = ZkEnsemble.FromJson(fx.Create(ControllerFixture.Ensemble()));
        var pod = fx.Server.Store.Seed(ResourceType.Pod, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "zk-0", ["namespace"] = ControllerFixture.Namespace },
        });

        await new KubernetesRuntime(fx.Api, fx.Time).RestartPodAsync(DesiredEnsemble.From(stored), "zk-0", null, CancellationToken.None);

        Assert.Equal(pod.GetUid(), (string?)fx.Server.Store.LastDeleteOptions?["preconditions"]?["uid"]);
        Assert.False(string.IsNullOrEmpty(pod.GetUid()));
        Assert.Null(fx.Peek(ResourceType.Pod, "zk-0"));
    }

    [Fact]
    public async Task A_restart_planned_from_an_older_incarnation_does_not_delete_the_recreated_pod()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var stored = ZkEnsemble.FromJson(fx.Create(ControllerFixture.Ensemble()));
        var recreated = fx.Server.Store.Seed(ResourceType.Pod, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "zk-0", ["namespace"] = ControllerFixture.Namespace },
        });

        await Assert.ThrowsAsync<ConflictException>(() =>
            new KubernetesRuntime(fx.Api, fx.Time).RestartPodAsync(DesiredEnsemble.From(stored), "zk-0", "uid-of-the-observed-pod", CancellationToken.None));

        Assert.Equal("uid-of-the-observed-pod", (string?)fx.Server.Store.LastDeleteOptions?["preconditions"]?["uid"]);
        Assert.Equal(recreated.GetUid(), fx.Peek(ResourceType.Pod, "zk-0")?.GetUid());
    }

    [Fact]
    public async Task A_Terminating_pod_is_observed_as_terminating_with_its_uid()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var stored = ZkEnsemble.FromJson(fx.Create(ControllerFixture.Ensemble()));
        var pod = fx.Server.Store.Seed(ResourceType.Pod, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = "zk-0",
                ["namespace"] = ControllerFixture.Namespace,
                ["finalizers"] = new JsonArray("test/keep-while-terminating"),
                ["labels"] = new JsonObject { [EnsembleLabels.Name] = EnsembleLabels.AppName, [EnsembleLabels.Instance] = stored.Metadata.Name },
            },
        });
        await fx.Api.DeleteAsync(ResourceType.Pod, ControllerFixture.Namespace, "zk-0");

        var observed = await new KubernetesRuntime(fx.Api, fx.Time).ObserveAsync(DesiredEnsemble.From(stored), null, CancellationToken.None);

        var member = Assert.Single(observed.Members);
        Assert.True(member.Terminating);
        Assert.Equal(pod.GetUid(), member.Uid);
    }

    [Fact]
    public async Task A_restart_of_a_pod_that_is_already_gone_does_nothing()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var stored = ZkEnsemble.FromJson(fx.Create(ControllerFixture.Ensemble()));

        await new KubernetesRuntime(fx.Api, fx.Time).RestartPodAsync(DesiredEnsemble.From(stored), "zk-0", null, CancellationToken.None);

        Assert.DoesNotContain(fx.Server.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal));
    }
}
