using Zk.Client;
using Zk.Node.Protocol.Data;
using Zk.Operator.Cluster.Tests.Harness;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>Rolling restarts through the Kubernetes runtime: pods deleted one at a time, recreated from the new template.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class RollingRestartTests
{
    private const string RequestedAt = "2026-01-01T00:00:00Z";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task A_restart_request_recreates_every_pod_followers_first_leader_last_while_every_acknowledged_write_survives()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("roll", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);
        string leader = harness.Status!.Leader!;
        var before = PodUids(harness);
        string connect = harness.ConnectString(3);
        await using (var setup = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(15)))
        {
            await setup.CreateAsync("/rolling", [], Acl.OpenAclUnsafe);
        }

        using var stop = new CancellationTokenSource();
        var writer = Writer.WriteUntilStoppedAsync(connect, "/rolling/w-", stop.Token);

        harness.Edit(spec => spec.RestartRequestedAt = RequestedAt);

        await WaitUntilRolledAsync(harness, pod => (string?)pod["metadata"]?["annotations"]?[ZkAnnotations.RestartRequestedAt] == RequestedAt);
        await stop.CancelAsync();
        var acknowledged = await writer;

        AssertLeaderLast(harness, leader, before.Keys);
        var after = PodUids(harness);
        Assert.True(before.All(old => after[old.Key] != old.Value), $"every pod recreated: before {string.Join(", ", before)}, after {string.Join(", ", after)}");
        Assert.True(acknowledged.Count > 0, "no write was acknowledged during the rolling restart");
        await using var check = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(15));
        var children = await check.GetChildrenAsync("/rolling");
        Assert.All(acknowledged, path => Assert.Contains(path["/rolling/".Length..], children));
    }

    [Fact]
    public async Task A_config_change_restarts_every_member_leader_last_and_each_serves_with_the_new_config()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("tune", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);
        string leader = harness.Status!.Leader!;
        var before = PodUids(harness);
        string oldHash = (string)harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace)[0]["metadata"]!["annotations"]![ZkAnnotations.ConfigHash]!;

        harness.Edit(spec => spec.Config!["maxClientCnxns"] = "77");

        await WaitUntilRolledAsync(harness, pod => (string?)pod["metadata"]?["annotations"]?[ZkAnnotations.ConfigHash] != oldHash);
        AssertLeaderLast(harness, leader, before.Keys);
        foreach (string hostPort in harness.ConnectString(3).Split(','))
        {
            string host = hostPort.Split(':')[0];
            await Eventually.True(
                async () => (await FourLetterWord.SendAsync(host, ZooCfg.ClientPort, "conf", TimeSpan.FromSeconds(5))).Contains("maxClientCnxns=77", StringComparison.Ordinal),
                $"{host} to serve with maxClientCnxns=77",
                TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task A_restart_request_restarts_each_member_exactly_once()
    {
        await using var harness = await KubeEnsembleHarness.StartAsync("once", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);

        harness.Edit(spec => spec.RestartRequestedAt = RequestedAt);

        await WaitUntilRolledAsync(harness, pod => (string?)pod["metadata"]?["annotations"]?[ZkAnnotations.RestartRequestedAt] == RequestedAt);
        var restarts = Restarts(harness);
        Assert.True(restarts.Count == 3 && restarts.Distinct().Count() == 3, $"restarts: {string.Join(", ", restarts)}\n{harness.Diagnostics()}");
    }

    /// <summary>Every member's pod from the new template, ready, and the operator no longer progressing.</summary>
    private static Task WaitUntilRolledAsync(KubeEnsembleHarness harness, Func<System.Text.Json.Nodes.JsonObject, bool> current) => harness.WaitAsync(
        () => harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace) is { Count: 3 } pods && pods.All(p => current(p) && !Meta.IsDeleting(p))
            && harness.Status is { ReadyReplicas: 3 } s && s.ObservedGeneration == (harness.Resource is { } r ? Meta.Generation(r) : -1)
            && Conditions.IsTrue(s.Conditions, ConditionTypes.Available) && !Conditions.IsTrue(s.Conditions, ConditionTypes.Progressing),
        "every pod recreated from the new template and the ensemble settled",
        Deadline);

    /// <summary>The leader's first restart comes after every follower's first restart.</summary>
    private static void AssertLeaderLast(KubeEnsembleHarness harness, string leader, IEnumerable<string> pods)
    {
        var restarts = Restarts(harness);
        var firsts = pods.ToDictionary(p => p, p => restarts.IndexOf(p));
        Assert.True(
            firsts.Values.All(i => i >= 0) && firsts.Where(f => f.Key != leader).All(f => f.Value < firsts[leader]),
            $"leader {leader}, restarts in order: {string.Join(", ", restarts)}\n{harness.Diagnostics()}");
    }

    /// <summary>The pods the operator restarted, in order.</summary>
    private static List<string> Restarts(KubeEnsembleHarness harness) => harness.Events()
        .Where(e => e.StartsWith("RestartedMember:", StringComparison.Ordinal))
        .Select(e => e.Split(' ')[^1])
        .ToList();

    private static Dictionary<string, string> PodUids(KubeEnsembleHarness harness) =>
        harness.Store.List(ClusterStore.Pods, KubeEnsembleHarness.Namespace).ToDictionary(Meta.Name, Meta.Uid, StringComparer.Ordinal);
}
