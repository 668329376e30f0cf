using System.Text.RegularExpressions;
using Zk.Client.Recipes.Locks;
using Zk.Client.Tests.Support;

namespace Zk.Client.Tests.Recipes.Locks;

/// <summary>InterProcessMutex against one server; the concrete classes below run it on Apache ZooKeeper and on zknode.</summary>
public abstract partial class InterProcessMutexTests(IZooKeeperServer server)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [GeneratedRegex("^_c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-lock-[0-9]{10}$")]
    private static partial Regex CuratorLockNodeName();

    [Fact]
    public async Task Lock_nodes_are_protected_ephemeral_sequential_children_named_as_Curator_names_them()
    {
        await using var client = await ConnectAsync();
        string path = server.UniqueRoot("mutex-layout") + "/deep/lock";
        await using var mutex = new InterProcessMutex(client, path);

        await mutex.AcquireAsync();

        string node = mutex.LockNodePath!;
        Assert.Equal(path, node[..node.LastIndexOf('/')]);
        Assert.Matches(CuratorLockNodeName(), node[(node.LastIndexOf('/') + 1)..]);
        var stat = await client.ExistsAsync(node);
        Assert.Equal(client.SessionId, stat!.Value.EphemeralOwner);
    }

    [Fact]
    public async Task A_second_process_waits_until_the_holder_releases()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync();
        string path = server.UniqueRoot("mutex-wait");
        await using var holder = new InterProcessMutex(first, path);
        await using var waiter = new InterProcessMutex(second, path);
        await holder.AcquireAsync();

        var waiting = waiter.AcquireAsync();
        await Eventually.TrueAsync(async () => (await holder.GetParticipantNodesAsync()).Count == 2, "the waiter's node to queue behind the holder's");
        Assert.False(waiting.IsCompleted);
        Assert.Equal(holder.LockNodePath, (await holder.GetParticipantNodesAsync())[0]);

        await holder.ReleaseAsync();
        await waiting.WaitAsync(Limit);

        Assert.True(waiter.IsAcquiredInThisProcess);
        Assert.Equal([waiter.LockNodePath!], await waiter.GetParticipantNodesAsync());
    }

    [Fact]
    public async Task The_lock_is_reentrant_and_only_the_last_release_deletes_the_node()
    {
        await using var client = await ConnectAsync();
        string path = server.UniqueRoot("mutex-reentrant");
        await using var mutex = new InterProcessMutex(client, path);

        await mutex.AcquireAsync();
        string node = mutex.LockNodePath!;
        await mutex.AcquireAsync();
        await mutex.ReleaseAsync();
        Assert.NotNull(await client.ExistsAsync(node));
        Assert.True(mutex.IsAcquiredInThisProcess);

        await mutex.ReleaseAsync();
        Assert.Null(await client.ExistsAsync(node));
        Assert.False(mutex.IsAcquiredInThisProcess);
        await Assert.ThrowsAsync<InvalidOperationException>(mutex.ReleaseAsync);
    }

    [Fact]
    public async Task An_acquire_that_times_out_returns_false_and_leaves_no_node()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync();
        string path = server.UniqueRoot("mutex-timeout");
        await using var holder = new InterProcessMutex(first, path);
        await using var waiter = new InterProcessMutex(second, path);
        await holder.AcquireAsync();

        bool acquired = await waiter.AcquireAsync(TimeSpan.FromMilliseconds(300));

        Assert.False(acquired);
        Assert.Equal([holder.LockNodePath!], await holder.GetParticipantNodesAsync());
    }

    [Fact]
    public async Task The_lock_node_of_a_closed_session_vanishes_and_the_waiter_takes_the_lock()
    {
        var dying = await ConnectAsync();
        await using var survivor = await ConnectAsync();
        string path = server.UniqueRoot("mutex-dead");
        var holder = new InterProcessMutex(dying, path);
        await using var waiter = new InterProcessMutex(survivor, path);
        await holder.AcquireAsync();
        var waiting = waiter.AcquireAsync();
        await Eventually.TrueAsync(async () => (await waiter.GetParticipantNodesAsync()).Count == 2, "the waiter to queue");

        await dying.CloseAsync();
        await waiting.WaitAsync(Limit);

        Assert.True(holder.LostToken.IsCancellationRequested);
        Assert.Equal([waiter.LockNodePath!], await waiter.GetParticipantNodesAsync());
    }

    [Fact]
    public async Task Session_expiry_releases_the_lock_to_the_waiter_and_cancels_the_holders_token()
    {
        await using var proxy = new TcpProxy(server.Port);
        var holderClient = await ShortSession.ConnectAsync(proxy.ConnectString);
        await using var waiterClient = await ConnectAsync();
        string path = server.UniqueRoot("mutex-expiry");
        var holder = new InterProcessMutex(holderClient, path, LockLossPolicy.SessionLost);
        await using var waiter = new InterProcessMutex(waiterClient, path);
        await holder.AcquireAsync();
        var lost = holder.LostToken;
        var waiting = waiter.AcquireAsync();
        await Eventually.TrueAsync(async () => (await waiter.GetParticipantNodesAsync()).Count == 2, "the waiter to queue");

        proxy.Refusing = true;
        proxy.DropAll();
        await waiting.WaitAsync(Limit);
        Assert.Equal([waiter.LockNodePath!], await waiter.GetParticipantNodesAsync());
        proxy.Refusing = false;
        await Eventually.True(() => lost.IsCancellationRequested, "the holder to learn that its session expired");

        Assert.Equal(SessionState.Expired, holderClient.State);
        await holder.ReleaseAsync();
        Assert.False(holder.IsAcquiredInThisProcess);
        await holderClient.CloseAsync();
    }

    [Fact]
    public async Task By_default_a_dropped_connection_cancels_the_holders_token_while_the_session_keeps_the_node()
    {
        await using var proxy = new TcpProxy(server.Port);
        await using var client = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(10));
        string path = server.UniqueRoot("mutex-suspended");
        await using var mutex = new InterProcessMutex(client, path);
        await mutex.AcquireAsync();
        var lost = mutex.LostToken;
        Assert.False(lost.IsCancellationRequested);

        proxy.DropAll();
        await Eventually.True(() => lost.IsCancellationRequested, "the drop to cancel the token");

        Assert.NotNull(await client.ExistsAsync(mutex.LockNodePath!));
        string node = mutex.LockNodePath!;
        await mutex.ReleaseAsync();
        Assert.Null(await client.ExistsAsync(node));
    }

    [Fact]
    public async Task Cancelling_a_waiting_acquire_throws_and_removes_its_node()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync();
        string path = server.UniqueRoot("mutex-cancel");
        await using var holder = new InterProcessMutex(first, path);
        await using var waiter = new InterProcessMutex(second, path);
        await holder.AcquireAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = waiter.AcquireAsync(cancel.Token);
        await Eventually.TrueAsync(async () => (await holder.GetParticipantNodesAsync()).Count == 2, "the waiter to queue");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal([holder.LockNodePath!], await holder.GetParticipantNodesAsync());
    }

    [Fact]
    public async Task A_dotnet_acquire_waits_while_a_Curator_process_holds_the_lock()
    {
        await using var client = await ConnectAsync();
        string path = server.UniqueRoot("mutex-curator-holds");
        await using var curator = await CuratorProcess.StartAsync("CuratorMutexHolder", server.ConnectString, path);
        await curator.ExpectLineAsync("ACQUIRED", Limit);
        await using var mutex = new InterProcessMutex(client, path);

        var waiting = mutex.AcquireAsync();
        await Eventually.TrueAsync(async () => (await mutex.GetParticipantNodesAsync()).Count == 2, "the .NET node to queue behind Curator's");
        var queue = await mutex.GetParticipantNodesAsync();
        string curatorNode = queue[0];
        Assert.Matches(CuratorLockNodeName(), curatorNode[(curatorNode.LastIndexOf('/') + 1)..]);
        Assert.NotEqual(client.SessionId, (await client.ExistsAsync(curatorNode))!.Value.EphemeralOwner);
        Assert.False(waiting.IsCompleted);

        await curator.SendLineAsync("RELEASE");
        await curator.ExpectLineAsync("RELEASED", Limit);
        await waiting.WaitAsync(Limit);

        Assert.Equal([mutex.LockNodePath!], await mutex.GetParticipantNodesAsync());
    }

    [Fact]
    public async Task A_Curator_process_waits_while_dotnet_holds_the_lock()
    {
        await using var client = await ConnectAsync();
        string path = server.UniqueRoot("mutex-dotnet-holds");
        await using var mutex = new InterProcessMutex(client, path);
        await mutex.AcquireAsync();

        await using var curator = await CuratorProcess.StartAsync("CuratorMutexHolder", server.ConnectString, path);
        await curator.ExpectLineAsync("CONNECTED", Limit);
        var curatorAcquired = curator.NextLineAsync();
        await Eventually.TrueAsync(async () => (await mutex.GetParticipantNodesAsync()).Count == 2, "Curator's node to queue behind the .NET one");
        Assert.Equal(mutex.LockNodePath, (await mutex.GetParticipantNodesAsync())[0]);
        Assert.False(curatorAcquired.IsCompleted);

        await mutex.ReleaseAsync();

        Assert.Equal("ACQUIRED", await curatorAcquired.WaitAsync(Limit));
        await curator.SendLineAsync("RELEASE");
        await curator.ExpectLineAsync("RELEASED", Limit);
        Assert.Empty(await mutex.GetParticipantNodesAsync());
    }

    private Task<ZkClient> ConnectAsync() => ZkClient.ConnectAsync(server.ConnectString, TimeSpan.FromSeconds(10));
}
