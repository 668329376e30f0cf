using System.Runtime.CompilerServices;
using System.Text;
using Zk.Client.Recipes.Leader;
using Zk.Client.Tests.Support;

namespace Zk.Client.Tests.Recipes.Leader;

/// <summary>LeaderLatch against one server; the concrete classes run it on Apache ZooKeeper and on zknode.</summary>
public abstract class LeaderLatchTests(IZooKeeperServer server)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Latch_nodes_carry_Curators_layout_and_the_participants_id()
    {
        await using var client = await ConnectAsync();
        string path = server.UniqueRoot("latch-layout");
        await using var latch = new LeaderLatch(client, path, "dotnet-1");
        await latch.StartAsync();
        await latch.AwaitLeadershipAsync().WaitAsync(Limit);

        string node = Assert.Single(await latch.GetParticipantNodesAsync());
        Assert.Matches("^_c_[0-9a-f-]{36}-latch-[0-9]{10}$", node[(node.LastIndexOf('/') + 1)..]);
        Assert.Equal("dotnet-1", Encoding.UTF8.GetString((await client.GetDataAsync(node)).Data!));
    }

    [Fact]
    public async Task A_mixed_Curator_and_dotnet_group_elects_one_leader_and_a_new_one_when_it_dies()
    {
        string path = server.UniqueRoot("latch-mixed");
        var states = new Dictionary<string, Func<bool>>();
        await using var java1 = await StartJavaAsync(path, "java-1", states);
        await Eventually.True(() => states["java-1"](), "the first Curator participant to lead", Limit);
        var client1 = await ConnectAsync();
        await using var client2 = await ConnectAsync();
        var dotnet1 = new LeaderLatch(client1, path, "dotnet-1");
        await dotnet1.StartAsync();
        await Eventually.TrueAsync(async () => (await dotnet1.GetParticipantNodesAsync()).Count == 2, "dotnet-1 to queue second");
        await using var java2 = await StartJavaAsync(path, "java-2", states);
        await Eventually.TrueAsync(async () => (await dotnet1.GetParticipantNodesAsync()).Count == 3, "java-2 to queue third");
        await using var dotnet2 = new LeaderLatch(client2, path, "dotnet-2");
        await dotnet2.StartAsync();
        states["dotnet-1"] = () => dotnet1.HasLeadership;
        states["dotnet-2"] = () => dotnet2.HasLeadership;
        await Eventually.TrueAsync(async () => (await dotnet2.GetParticipantNodesAsync()).Count == 4, "all four to queue");
        await ExpectSoleLeaderAsync(states, "java-1", client2, dotnet2);

        await java1.DisposeAsync();
        await ExpectSoleLeaderAsync(states, "dotnet-1", client2, dotnet2);

        await client1.CloseAsync();
        await ExpectSoleLeaderAsync(states, "java-2", client2, dotnet2);
        await dotnet1.DisposeAsync();
    }

    [Fact]
    public async Task A_dropped_connection_gives_up_leadership_until_the_session_reconnects()
    {
        await using var proxy = new TcpProxy(server.Port);
        await using var client = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(10));
        string path = server.UniqueRoot("latch-suspended");
        await using var latch = new LeaderLatch(client, path, "dotnet-1");
        var history = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        latch.LeadershipChanged += history.Enqueue;
        await latch.StartAsync();
        await latch.AwaitLeadershipAsync().WaitAsync(Limit);

        proxy.DropAll();

        await Eventually.True(() => history.Count >= 3 && latch.HasLeadership, "leadership to be given up and taken again", Limit);
        Assert.Equal([true, false, true], history.Take(3));
    }

    [Fact]
    public async Task When_the_leaders_session_expires_the_next_participant_leads_and_the_old_leader_stops()
    {
        await using var proxy = new TcpProxy(server.Port);
        var leaderClient = await ShortSession.ConnectAsync(proxy.ConnectString);
        await using var followerClient = await ConnectAsync();
        string path = server.UniqueRoot("latch-expiry");
        await using var leader = new LeaderLatch(leaderClient, path, "dotnet-1");
        await leader.StartAsync();
        await leader.AwaitLeadershipAsync().WaitAsync(Limit);
        await using var follower = new LeaderLatch(followerClient, path, "dotnet-2");
        await follower.StartAsync();
        await Eventually.TrueAsync(async () => (await follower.GetParticipantNodesAsync()).Count == 2, "the follower to queue");

        proxy.Refusing = true;
        proxy.DropAll();
        await follower.AwaitLeadershipAsync().WaitAsync(Limit);
        proxy.Refusing = false;

        await Eventually.True(() => leaderClient.State == SessionState.Expired, "the old leader to learn of its expiry", Limit);
        Assert.False(leader.HasLeadership);
        Assert.True(follower.HasLeadership);
        await leaderClient.CloseAsync();
    }

    /// <summary>Eventually exactly <paramref name="expected"/> claims leadership and its id is in the first node.</summary>
    private static async Task ExpectSoleLeaderAsync(Dictionary<string, Func<bool>> states, string expected, ZkClient reader, LeaderLatch observer)
    {
        await Eventually.TrueAsync(
            async () =>
            {
                var leaders = states.Where(s => s.Value()).Select(s => s.Key).ToList();
                var nodes = await observer.GetParticipantNodesAsync();
                return leaders.Count == 1 && leaders[0] == expected && nodes.Count > 0 && Encoding.UTF8.GetString((await reader.GetDataAsync(nodes[0])).Data ?? []) == expected;
            },
            $"{expected} to be the only leader",
            Limit);
    }

    private async Task<CuratorProcess> StartJavaAsync(string path, string id, Dictionary<string, Func<bool>> states)
    {
        var process = await CuratorProcess.StartAsync("CuratorLatchParticipant", server.ConnectString, path, id);
        var leading = new StrongBox<bool>();
        states[id] = () => Volatile.Read(ref leading.Value) && !process.HasExited;
        _ = Task.Run(async () =>
        {
            while (await process.NextLineAsync() is { } line)
            {
                Volatile.Write(ref leading.Value, line == "LEADER" || (line != "FOLLOWER" && Volatile.Read(ref leading.Value)));
            }
        });
        return process;
    }

    private Task<ZkClient> ConnectAsync() => ZkClient.ConnectAsync(server.ConnectString, TimeSpan.FromSeconds(10));
}
