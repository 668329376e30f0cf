using System.Text;
using Zk.Client;
using Zk.Node.Protocol.Data;
using Zk.Operator.Core.Resources;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.EndToEnd;

/// <summary>The controller loop driving real zknode processes through <see cref="global::Zk.Operator.Runtime.LocalProcessRuntime"/>.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LocalEnsembleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [ZknodeFact]
    public async Task A_one_voter_ensemble_reaches_available_and_serves_a_client_write()
    {
        await using var harness = LocalEnsembleHarness.Start("one", replicas: 1);

        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);

        var status = harness.Status!;
        Assert.Equal("one-0", status.Leader);
        Assert.Equal(1, status.Replicas);
        await using var client = await ZkClient.ConnectAsync(harness.Runtime.ConnectString(harness.Names), TimeSpan.FromSeconds(10));
        await client.CreateAsync("/written-through-the-operator", Encoding.UTF8.GetBytes("hello"), Acl.OpenAclUnsafe);
        var (data, _) = await client.GetDataAsync("/written-through-the-operator");
        Assert.Equal("hello", Encoding.UTF8.GetString(data!));
    }

    [ZknodeFact]
    public async Task A_member_process_that_dies_is_started_again_and_the_ensemble_recovers()
    {
        await using var harness = LocalEnsembleHarness.Start("crash", replicas: 1);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        await using (var client = await ZkClient.ConnectAsync(harness.Runtime.ConnectString(harness.Names), TimeSpan.FromSeconds(10)))
        {
            await client.CreateAsync("/survives", Encoding.UTF8.GetBytes("durable"), Acl.OpenAclUnsafe);
        }

        harness.Edit(spec => spec.RestartRequestedAt = "2025-01-01T00:00:00Z");

        await Eventually.True(
            () => Task.FromResult(harness.Status is { Phase: EnsemblePhase.Running } s && s.ObservedGeneration == 2 && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)),
            "the restarted member serving again at generation 2",
            Deadline);
        await using var again = await ZkClient.ConnectAsync(harness.Runtime.ConnectString(harness.Names), TimeSpan.FromSeconds(10));
        var (data, _) = await again.GetDataAsync("/survives");
        Assert.Equal("durable", Encoding.UTF8.GetString(data!));
    }

    [ZknodeEnsembleFact]
    public async Task A_three_voter_ensemble_elects_a_leader_and_replicates_a_write()
    {
        await using var harness = LocalEnsembleHarness.Start("three", replicas: 3);

        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);

        var status = harness.Status!;
        Assert.Single(status.Members!, m => m.Role == "leader");
        Assert.Equal(2, status.Members!.Count(m => m.Role == "follower"));
        await using var client = await ZkClient.ConnectAsync(harness.Runtime.ConnectString(harness.Names), TimeSpan.FromSeconds(10));
        await client.CreateAsync("/replicated", Encoding.UTF8.GetBytes("x"), Acl.OpenAclUnsafe);
        Assert.NotNull(await client.ExistsAsync("/replicated"));
    }

    [ZknodeEnsembleFact]
    public async Task Scaling_from_one_to_three_voters_adds_members_one_at_a_time_through_reconfig()
    {
        await using var harness = LocalEnsembleHarness.Start("grow", replicas: 1);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);

        harness.Edit(spec => spec.Replicas = 3);

        await harness.WaitForAvailableAsync(readyReplicas: 3, TimeSpan.FromSeconds(120));
        Assert.Equal(3, harness.Status!.Replicas);
        Assert.Contains(harness.Store.Events, e => e.Reason == "AddedMember");
    }
}
