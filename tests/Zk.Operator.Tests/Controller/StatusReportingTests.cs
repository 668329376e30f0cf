using Zk.Operator.Core.Resources;
using Zk.Operator.Kube;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Controller;

/// <summary>
/// Problems reach the ZkEnsemble's status and its Events, not only a log line: a refused apply, and members that
/// never appear within spec.rollingUpdate.podReadyTimeoutSeconds.
/// </summary>
public sealed class StatusReportingTests
{
    [Fact]
    public async Task An_apply_error_shows_in_the_degraded_condition_and_a_warning_event_and_clears_when_an_apply_succeeds()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        await fx.ReconcileAsync();
        var edited = await fx.GetAsync();
        edited["spec"]!["config"] = new System.Text.Json.Nodes.JsonObject { ["maxClientCnxns"] = "77" };
        await fx.Api.ReplaceAsync(ResourceType.ZkEnsemble, edited);

        fx.Time.Advance(TimeSpan.FromSeconds(1)); // events are named by time: a frozen clock would reuse the last one's name
        fx.Server.InjectFailures(1, 422, method: "PATCH");
        var refused = await Assert.ThrowsAsync<KubeApiException>(() => fx.ReconcileAsync());

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.Code);
        var degraded = Conditions.Find(ZkEnsemble.FromJson(await fx.GetAsync()).Status!.Conditions, ConditionTypes.Degraded)!;
        Assert.Equal(ConditionStatus.True, degraded.Status);
        Assert.Equal("ApplyFailed", degraded.Reason);
        Assert.StartsWith("applying ConfigMap/zk-config", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("injected failure", degraded.Message, StringComparison.Ordinal);
        Assert.Contains(await fx.EventsAsync(), e => (string?)e["type"] == "Warning" && (string?)e["reason"] == "ApplyFailed"
            && ((string?)e["message"])!.Contains("injected failure", StringComparison.Ordinal));

        await fx.ReconcileAsync();

        Assert.False(Conditions.IsTrue(ZkEnsemble.FromJson(await fx.GetAsync()).Status!.Conditions, ConditionTypes.Degraded));
    }

    [Fact]
    public async Task Members_that_never_get_a_pod_are_listed_and_past_the_deadline_degrade_the_ensemble_with_one_event()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var ensemble = ControllerFixture.Ensemble();
        ensemble.Spec.RollingUpdate.PodReadyTimeoutSeconds = 120;
        fx.Create(ensemble);
        await fx.ReconcileAsync();

        await fx.ReconcileAsync();
        var waiting = ZkEnsemble.FromJson(await fx.GetAsync()).Status!;
        fx.Time.Advance(TimeSpan.FromSeconds(121));
        await fx.ReconcileAsync();
        fx.Time.Advance(TimeSpan.FromSeconds(5));
        await fx.ReconcileAsync();

        Assert.Equal(["zk-0", "zk-1", "zk-2"], waiting.Members!.Where(m => m.Missing == true).Select(m => m.Name));
        Assert.False(Conditions.IsTrue(waiting.Conditions, ConditionTypes.Degraded));
        var degraded = Conditions.Find(ZkEnsemble.FromJson(await fx.GetAsync()).Status!.Conditions, ConditionTypes.Degraded)!;
        Assert.Equal(ConditionStatus.True, degraded.Status);
        Assert.Equal("PodMissing", degraded.Reason);
        Assert.Contains("pod zk-0 is expected but has not existed", degraded.Message, StringComparison.Ordinal);
        var warnings = (await fx.EventsAsync()).Where(e => (string?)e["reason"] == "PodMissing").ToList();
        Assert.Equal("Warning", (string?)Assert.Single(warnings)["type"]);
    }
}
