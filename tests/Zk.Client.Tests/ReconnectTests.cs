using Zk.Client.Tests.Support;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class ReconnectTests(ZooKeeperFixture zk)
{
    [Fact]
    public async Task A_dropped_connection_reattaches_the_same_session()
    {
        await using var proxy = new TcpProxy(zk.Server.Port);
        await using var client = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(10));
        string root = zk.UniqueRoot("reconnect");
        string ephemeral = await client.CreateAsync(root, [], Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        long session = client.SessionId;

        proxy.DropAll();
        await WatchEvents.NextAsync(client, e => e.State == SessionState.Disconnected);
        await WatchEvents.NextAsync(client, e => e.State == SessionState.SyncConnected);
        var stat = await client.ExistsAsync(ephemeral);

        Assert.Equal(session, client.SessionId);
        Assert.Equal(session, stat!.Value.EphemeralOwner);
        Assert.Equal(2, proxy.Accepted);
    }

    [Fact]
    public async Task Calls_issued_while_disconnected_wait_for_the_next_connection()
    {
        await using var proxy = new TcpProxy(zk.Server.Port);
        await using var client = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(10));
        string root = zk.UniqueRoot("reconnect");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);

        proxy.Refusing = true;
        proxy.DropAll();
        await WatchEvents.NextAsync(client, e => e.State == SessionState.Disconnected);
        var pending = client.SetDataAsync(root, [1]);
        Assert.False(pending.IsCompleted);
        proxy.Refusing = false;
        var stat = await pending;

        Assert.Equal(1, stat.Version);
    }

    [Fact]
    public async Task Losing_a_host_moves_the_session_to_the_next_host()
    {
        await using var first = new TcpProxy(zk.Server.Port);
        await using var second = new TcpProxy(zk.Server.Port);
        await using var client = await ZkClient.ConnectAsync($"{first.ConnectString},{second.ConnectString}", TimeSpan.FromSeconds(10));
        long session = client.SessionId;
        Assert.Equal(first.Port, client.ConnectedServer!.Port);

        first.Refusing = true;
        first.DropAll();
        await WatchEvents.NextAsync(client, e => e.State == SessionState.Disconnected);
        await WatchEvents.NextAsync(client, e => e.State == SessionState.SyncConnected);
        await client.ExistsAsync("/");

        Assert.Equal(second.Port, client.ConnectedServer!.Port);
        Assert.Equal(session, client.SessionId);
    }

    [Fact]
    public async Task Watches_are_rearmed_after_a_reconnect()
    {
        await using var proxy = new TcpProxy(zk.Server.Port);
        await using var watcher = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(10));
        await using var writer = await zk.ConnectAsync();
        string root = zk.UniqueRoot("reconnect");
        await writer.CreateAsync(root, [], Acl.OpenAclUnsafe);
        await watcher.GetDataAsync(root, watch: true);

        proxy.DropAll();
        await WatchEvents.NextAsync(watcher, e => e.State == SessionState.Disconnected);
        await WatchEvents.NextAsync(watcher, e => e.State == SessionState.SyncConnected);
        await watcher.SyncAsync(root);
        await writer.SetDataAsync(root, [1]);
        var fired = await WatchEvents.NextAsync(watcher, e => e.Type != WatchEventType.None);

        Assert.Equal(WatchEventType.NodeDataChanged, fired.Type);
        Assert.Equal(root, fired.Path);
    }

    [Fact]
    public async Task A_change_missed_while_disconnected_fires_on_reconnect()
    {
        await using var proxy = new TcpProxy(zk.Server.Port);
        await using var watcher = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(10));
        await using var writer = await zk.ConnectAsync();
        string root = zk.UniqueRoot("reconnect");
        await writer.CreateAsync(root, [], Acl.OpenAclUnsafe);
        await watcher.GetDataAsync(root, watch: true);

        proxy.Refusing = true;
        proxy.DropAll();
        await WatchEvents.NextAsync(watcher, e => e.State == SessionState.Disconnected);
        await writer.SetDataAsync(root, [1]);
        proxy.Refusing = false;
        var fired = await WatchEvents.NextAsync(watcher, e => e.Type != WatchEventType.None);

        Assert.Equal(WatchEventType.NodeDataChanged, fired.Type);
    }

    [Fact]
    public async Task An_expired_session_is_surfaced_after_reconnecting()
    {
        await using var proxy = new TcpProxy(zk.Server.Port);
        await using var observer = await zk.ConnectAsync();
        var client = await ZkClient.ConnectAsync(proxy.ConnectString, TimeSpan.FromSeconds(1));
        string root = zk.UniqueRoot("expire");
        string ephemeral = await client.CreateAsync(root, [], Acl.OpenAclUnsafe, CreateMode.Ephemeral);

        proxy.Refusing = true;
        proxy.DropAll();
        await Eventually.TrueAsync(async () => await observer.ExistsAsync(ephemeral) is null, "the server to expire the session");
        proxy.Refusing = false;
        await WatchEvents.NextAsync(client, e => e.State == SessionState.Expired);
        var error = await Assert.ThrowsAsync<KeeperException>(() => client.ExistsAsync("/"));

        Assert.Equal(KeeperErrorCode.SessionExpired, error.Code);
        Assert.Equal(SessionState.Expired, client.State);
        await client.CloseAsync();
    }
}
