using System.Text;
using Zk.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Server.Tests.Ensemble.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>The project's own .NET client (Zk.Client) against an ensemble: traffic through every member, and a session that outlives its server.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleOwnClientTests
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Writes_through_each_member_are_read_back_through_every_other_one()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var clients = new List<ZkClient>();
        try
        {
            foreach (var member in ensemble.Members)
            {
                clients.Add(await ZkClient.ConnectAsync(member.Hosts, SessionTimeout));
            }

            await clients[0].CreateAsync("/own", null, Acl.OpenAclUnsafe);
            for (int i = 0; i < clients.Count; i++)
            {
                await clients[i].CreateAsync($"/own/by-{i}", Encoding.UTF8.GetBytes($"member {i + 1}"), Acl.OpenAclUnsafe);
            }

            foreach (var reader in clients)
            {
                await reader.SyncAsync("/own");
                var children = await reader.GetChildrenAsync("/own");
                Assert.Equal(["by-0", "by-1", "by-2"], children.Order());
                var (data, stat) = await reader.GetDataAsync("/own/by-2");
                Assert.Equal("member 3", Encoding.UTF8.GetString(data!));
                Assert.Equal(0, stat.Version);
            }

            // Compare-and-set from two members: exactly one of two writers at the same version wins.
            var first = clients[1].SetDataAsync("/own/by-0", [1], version: 0);
            var second = clients[2].SetDataAsync("/own/by-0", [2], version: 0);
            var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));
            Assert.Single(outcomes, o => o == "ok");
            Assert.Single(outcomes, o => o == "BadVersion");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_session_and_its_ephemeral_node_survive_when_its_server_is_killed()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        await using var client = await ZkClient.ConnectAsync(ensemble.Hosts, SessionTimeout);
        await client.CreateAsync("/eph", [7], Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        long session = client.SessionId;
        int port = client.ConnectedServer!.Port;
        var victim = ensemble.Members.Single(m => m.ClientPort == port);

        victim.Kill();

        await Deadline.UntilAsync(
            async () => client.State == SessionState.SyncConnected && client.ConnectedServer?.Port != port && await client.ExistsAsync("/eph") is not null,
            TimeSpan.FromSeconds(30),
            "the client to resume its session on another member");
        Assert.Equal(session, client.SessionId);
        var (data, stat) = await client.GetDataAsync("/eph");
        Assert.Equal([7], data!);
        Assert.Equal(session, stat.EphemeralOwner);
    }

    [Fact]
    public async Task A_watch_set_before_its_server_died_still_fires_for_a_change_made_after_it()
    {
        // kazoo 2.8 drops its watches on a connection loss; our client re-registers them with setWatches, as the
        // Java client does: the new server either fires at once (the change is past the client's last zxid) or
        // keeps the watch until the change reaches it.
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        await using var client = await ZkClient.ConnectAsync(ensemble.Hosts, SessionTimeout);
        await client.CreateAsync("/watched", [1], Acl.OpenAclUnsafe);
        await client.GetDataAsync("/watched", watch: true);
        var victim = ensemble.Members.Single(m => m.ClientPort == client.ConnectedServer!.Port);

        victim.Kill();
        await using (var writer = await ZkClient.ConnectAsync(string.Join(',', ensemble.Members.Where(m => m != victim).Select(m => m.Hosts)), SessionTimeout))
        {
            await writer.SetDataAsync("/watched", [2]);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WatchedEvent fired;
        do
        {
            fired = await client.Events.ReadAsync(deadline.Token);
        }
        while (fired.Type == WatchEventType.None);

        Assert.Equal((WatchEventType.NodeDataChanged, "/watched"), (fired.Type, fired.Path));
        Assert.NotEqual(victim.ClientPort, client.ConnectedServer?.Port);
        Assert.Equal([2], (await client.GetDataAsync("/watched")).Data!);
    }

    [Fact]
    public async Task Clients_of_an_observer_keep_writing_through_it_after_the_leader_is_killed()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, observers: 1);
        var observer = ensemble.Members.Single(m => m.IsObserver);
        var leader = await ensemble.LeaderAsync();
        await using var client = await ZkClient.ConnectAsync(observer.Hosts, SessionTimeout);
        await client.CreateAsync("/through-observer", [1], Acl.OpenAclUnsafe);
        long session = client.SessionId;

        leader.Kill();
        await ensemble.WaitUntilServingAsync(ensemble.Members.Where(m => m != leader));

        Assert.Equal("observer", await observer.ModeAsync());
        await Deadline.UntilAsync(
            async () => await Outcome(client.SetDataAsync("/through-observer", [2])) == "ok",
            TimeSpan.FromSeconds(30),
            "a write through the observer to be acknowledged by the new leader");
        Assert.Equal(session, client.SessionId);
        Assert.Equal(observer.ClientPort, client.ConnectedServer?.Port);
        var newLeader = await ensemble.LeaderAsync();
        await using var check = await ZkClient.ConnectAsync(newLeader.Hosts, SessionTimeout);
        await check.SyncAsync("/through-observer");
        Assert.Equal([2], (await check.GetDataAsync("/through-observer")).Data!);
    }

    private static async Task<string> Outcome(Task write)
    {
        try
        {
            await write;
            return "ok";
        }
        catch (KeeperException e)
        {
            return e.Code.ToString();
        }
    }
}
