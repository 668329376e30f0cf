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
        await using var client = await harness.ConnectAsync();
        await client.CreateAsync("/written-through-the-operator", Encoding.UTF8.GetBytes("hello"), Acl.OpenAclUnsafe);
        var (data, _) = await client.GetDataAsync("/written-through-the-operator");
        Assert.Equal("hello", Encoding.UTF8.GetString(data!));
    }

    [ZknodeFact]
    public async Task A_member_process_that_dies_is_started_again_and_the_ensemble_recovers()
    {
        await using var harness = LocalEnsembleHarness.Start("crash", replicas: 1);
        await harness.WaitForAvailableAsync(readyReplicas: 1, Deadline);
        await using (var client = await harness.ConnectAsync())
        {
            await client.CreateAsync("/survives", Encoding.UTF8.GetBytes("durable"), Acl.OpenAclUnsafe);
        }

        harness.Edit(spec => spec.RestartRequestedAt = "2025-01-01T00:00:00Z");

        await Eventually.True(
            () => Task.FromResult(harness.Status is { Phase: EnsemblePhase.Running } s && s.ObservedGeneration == 2 && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)),
            "the restarted member serving again at generation 2",
            Deadline);
        await using var again = await harness.ConnectAsync();
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
        await using var client = await harness.ConnectAsync();
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

    [ZknodeEnsembleFact]
    public async Task Scaling_from_three_to_one_voter_removes_members_through_reconfig_and_keeps_the_data()
    {
        await using var harness = LocalEnsembleHarness.Start("shrink", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);
        await using (var client = await harness.ConnectAsync())
        {
            await client.CreateAsync("/before-shrinking", Encoding.UTF8.GetBytes("kept"), Acl.OpenAclUnsafe);
        }

        harness.Edit(spec => spec.Replicas = 1);

        await harness.WaitForAvailableAsync(readyReplicas: 1, TimeSpan.FromSeconds(120));
        Assert.Equal(1, harness.Status!.Replicas);
        Assert.Equal(2, harness.Store.Events.Count(e => e.Reason == "RemovedMember"));
        await using var after = await harness.ConnectAsync();
        var (data, _) = await after.GetDataAsync("/before-shrinking");
        Assert.Equal("kept", Encoding.UTF8.GetString(data!));
        var (config, _) = await after.GetConfigAsync();
        Assert.Single(Encoding.UTF8.GetString(config!).Split('\n'), line => line.StartsWith("server.", StringComparison.Ordinal));
    }

    [ZknodeEnsembleFact]
    public async Task A_restart_request_rolls_followers_first_and_the_leader_last_while_writes_keep_being_acknowledged()
    {
        await using var harness = LocalEnsembleHarness.Start("roll", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);
        string leader = harness.Status!.Leader!;
        string connect = harness.Runtime.ConnectString(harness.Names);
        await using (var setup = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(10)))
        {
            await setup.CreateAsync("/rolling", [], Acl.OpenAclUnsafe);
        }

        using var stop = new CancellationTokenSource();
        var writer = WriteUntilStoppedAsync(connect, "/rolling/w-", stop.Token);
        harness.Edit(spec => spec.RestartRequestedAt = "2026-12-04T00:00:00Z");

        await Eventually.True(
            () => Task.FromResult(harness.Store.Events.Count(e => e.Reason == "RestartedMember") >= 3),
            "every member to be restarted",
            TimeSpan.FromSeconds(180));
        await harness.WaitForAvailableAsync(readyReplicas: 3, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        var acknowledged = await writer;

        var restarts = harness.Store.Events.Where(e => e.Reason == "RestartedMember").Select(e => e.Message).ToList();
        string history = string.Join("\n", harness.Store.Events.Select(e => $"{e.Reason}: {e.Message}"));
        Assert.True(restarts.Count == 3 && restarts[^1].EndsWith(leader, StringComparison.Ordinal), $"leader {leader}; events:\n{history}\n{harness.MemberLogs(60)}");
        Assert.True(acknowledged.Count > 0, "no write was acknowledged during the rolling restart");
        await using var check = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(10));
        var children = await check.GetChildrenAsync("/rolling");
        Assert.All(acknowledged, path => Assert.Contains(path["/rolling/".Length..], children));
    }

    [ZknodeEnsembleFact]
    public async Task An_observer_added_to_the_spec_syncs_and_joins_with_the_observer_role()
    {
        await using var harness = LocalEnsembleHarness.Start("watcher", replicas: 3);
        await harness.WaitForAvailableAsync(readyReplicas: 3, Deadline);

        harness.Edit(spec => spec.Observers = 1);

        await Eventually.True(
            () => Task.FromResult(harness.Status is { Observers: 1 } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)
                && s.Members!.Any(m => m.Role == "observer" && m.Ready)),
            "the observer to serve",
            TimeSpan.FromSeconds(120));
        Assert.Contains(harness.Store.Events, e => e.Reason == "AddedMember" && e.Message.Contains("server.100", StringComparison.Ordinal));
        await using var client = await harness.ConnectAsync();
        var (config, _) = await client.GetConfigAsync();
        Assert.Contains(":observer;", Encoding.UTF8.GetString(config!), StringComparison.Ordinal);
    }

    [ZknodeEnsembleFact]
    public async Task Growing_to_five_voters_while_dropping_the_observer_ends_with_five_participants_and_no_observer()
    {
        await using var harness = LocalEnsembleHarness.Start("reshape", replicas: 3, observers: 1);
        await Eventually.True(
            () => Task.FromResult(harness.Status is { Observers: 1, ReadyReplicas: 3 } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)),
            "three voters and the observer to serve",
            Deadline);

        harness.Edit(spec =>
        {
            spec.Replicas = 5;
            spec.Observers = 0;
        });

        await Eventually.True(
            () => Task.FromResult(harness.Status is { Observers: 0, ReadyReplicas: 5, Replicas: 5 } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)
                && !Conditions.IsTrue(s.Conditions, ConditionTypes.Progressing)),
            "five voters and no observer",
            TimeSpan.FromSeconds(180));
        await using var client = await harness.ConnectAsync();
        var lines = Encoding.UTF8.GetString((await client.GetConfigAsync()).Data!).Split('\n');
        Assert.Equal(5, lines.Count(l => l.StartsWith("server.", StringComparison.Ordinal) && l.Contains(":participant;", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains(":observer;", StringComparison.Ordinal));
        Assert.Equal(2, harness.Store.Events.Count(e => e.Reason == "AddedMember"));
        Assert.Single(harness.Store.Events, e => e.Reason == "RemovedMember");
    }

    [ZknodeEnsembleFact]
    public async Task A_config_change_restarts_every_member_with_it_observer_before_the_leader()
    {
        await using var harness = LocalEnsembleHarness.Start("tune", replicas: 3, observers: 1);
        await Eventually.True(
            () => Task.FromResult(harness.Status is { Observers: 1, ReadyReplicas: 3 } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available)),
            "three voters and the observer to serve",
            Deadline);
        string leader = harness.Status!.Leader!;

        harness.Edit(spec => spec.Config!["maxClientCnxns"] = "77");

        await Eventually.True(
            () => Task.FromResult(harness.Store.Events.Count(e => e.Reason == "RestartedMember") >= 4
                && harness.Status is { ReadyReplicas: 3, Observers: 1 } s && !Conditions.IsTrue(s.Conditions, ConditionTypes.Progressing)),
            "every member restarted with the new config",
            TimeSpan.FromSeconds(180));
        var restarts = harness.Store.Events.Where(e => e.Reason == "RestartedMember").Select(e => e.Message).ToList();
        Assert.True(restarts.Count == 4 && restarts[^1].EndsWith(leader, StringComparison.Ordinal) && restarts[^2].EndsWith("tune-observer-0", StringComparison.Ordinal), string.Join("\n", restarts));
        foreach (string hostPort in harness.Runtime.ConnectString(harness.Names).Split(','))
        {
            int port = int.Parse(hostPort.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            await Eventually.True(
                async () => (await FourLetterWord.SendAsync("127.0.0.1", port, "conf", TimeSpan.FromSeconds(5))).Contains("maxClientCnxns=77", StringComparison.Ordinal),
                $"the member on {port} to serve with maxClientCnxns=77",
                Deadline);
        }
    }

    [ZknodeEnsembleFact]
    public async Task Zk_operator_local_with_a_file_scales_the_ensemble_when_the_file_is_edited()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"zk-operator-local-file-{Guid.NewGuid():N}");
        string manifest = Path.Combine(directory, "zkensemble.yaml");
        int basePort = LocalEnsembleHarness.FreeBasePort(3);
        string connect = string.Join(',', Enumerable.Range(0, 3).Select(i => $"127.0.0.1:{basePort + i}"));
        using var stop = new CancellationTokenSource();
        using var stdout = new StringWriter();
        var line = global::Zk.Operator.Hosting.CommandLine.Parse(
            ["local", "--file", manifest, "--replicas", "1", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", directory, "--config", "tickTime=200"],
            new HashSet<string>());
        var command = global::Zk.Operator.Hosting.LocalCommand.RunAsync(line, global::Zk.Operator.Hosting.JsonLog.Null, TextWriter.Synchronized(stdout), stop.Token);
        try
        {
            await Eventually.True(async () => await ParticipantsAsync(connect) == 1, "one voter to serve", Deadline);
            Assert.Contains("replicas: 1", await File.ReadAllTextAsync(manifest), StringComparison.Ordinal);

            await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal));

            await Eventually.True(async () => await ParticipantsAsync(connect) == 3, "three voters after the edit", TimeSpan.FromSeconds(120));
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await command);
            Directory.Delete(directory, recursive: true);
        }

        Assert.Contains($"edit {manifest}", stdout.ToString(), StringComparison.Ordinal);
    }

    /// <summary>How many participants the committed configuration lists, or -1 while no member answers.</summary>
    private static async Task<int> ParticipantsAsync(string connect)
    {
        try
        {
            await using var client = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(2));
            var (config, _) = await client.GetConfigAsync();
            return Encoding.UTF8.GetString(config!).Split('\n').Count(l => l.Contains(":participant;", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is KeeperException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Creates sequential nodes one at a time, retrying through connection losses (and, on a loaded machine, a session
    /// that expired while its members restarted: a new one); returns the acknowledged paths.
    /// </summary>
    private static async Task<List<string>> WriteUntilStoppedAsync(string connect, string prefix, CancellationToken stop)
    {
        var acknowledged = new List<string>();
        var client = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(10));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    acknowledged.Add(await client.CreateAsync(prefix, [], Acl.OpenAclUnsafe, CreateMode.PersistentSequential));
                }
                catch (KeeperException e) when (e.Code is Node.Protocol.Client.KeeperErrorCode.ConnectionLoss or Node.Protocol.Client.KeeperErrorCode.OperationTimeout)
                {
                    // The member it was connected to is restarting; the client moves to another one.
                }
                catch (KeeperException e) when (e.Code is Node.Protocol.Client.KeeperErrorCode.SessionExpired)
                {
                    await client.DisposeAsync();
                    client = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(10));
                }
            }
        }
        finally
        {
            await client.DisposeAsync();
        }

        return acknowledged;
    }
}
