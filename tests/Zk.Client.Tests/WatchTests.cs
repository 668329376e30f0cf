using Zk.Client.Tests.Support;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class WatchTests(ZooKeeperFixture zk)
{
    [Fact]
    public async Task A_data_watch_fires_NodeDataChanged_once()
    {
        await using var watcher = await zk.ConnectAsync();
        await using var writer = await zk.ConnectAsync();
        string root = zk.UniqueRoot("watch");
        await writer.CreateAsync(root, [], Acl.OpenAclUnsafe);

        await watcher.GetDataAsync(root, watch: true);
        await writer.SetDataAsync(root, [1]);
        var fired = await WatchEvents.NextAsync(watcher, e => e.Type != WatchEventType.None);

        Assert.Equal(new WatchedEvent(WatchEventType.NodeDataChanged, SessionState.SyncConnected, root), fired);
    }

    [Fact]
    public async Task Exists_on_a_missing_node_arms_a_NodeCreated_watch()
    {
        await using var watcher = await zk.ConnectAsync();
        await using var writer = await zk.ConnectAsync();
        string root = zk.UniqueRoot("watch");

        Assert.Null(await watcher.ExistsAsync(root, watch: true));
        await writer.CreateAsync(root, [], Acl.OpenAclUnsafe);
        var fired = await WatchEvents.NextAsync(watcher, e => e.Type != WatchEventType.None);

        Assert.Equal(WatchEventType.NodeCreated, fired.Type);
        Assert.Equal(root, fired.Path);
    }

    [Fact]
    public async Task A_child_watch_fires_NodeChildrenChanged_on_the_parent()
    {
        await using var watcher = await zk.ConnectAsync();
        await using var writer = await zk.ConnectAsync();
        string root = zk.UniqueRoot("watch");
        await writer.CreateAsync(root, [], Acl.OpenAclUnsafe);

        await watcher.GetChildrenAsync(root, watch: true);
        await writer.CreateAsync(root + "/kid", [], Acl.OpenAclUnsafe);
        var fired = await WatchEvents.NextAsync(watcher, e => e.Type != WatchEventType.None);

        Assert.Equal(WatchEventType.NodeChildrenChanged, fired.Type);
        Assert.Equal(root, fired.Path);
    }

    [Fact]
    public async Task The_event_for_a_change_arrives_before_the_reply_to_that_change()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("watch");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);
        while (client.Events.TryRead(out _))
        {
        }

        await client.GetDataAsync(root, watch: true);
        await client.SetDataAsync(root, [1]);

        // No waiting: the server sends the notification ahead of the setData reply, and the client
        // publishes it before completing the call.
        Assert.True(client.Events.TryRead(out var fired));
        Assert.Equal(WatchEventType.NodeDataChanged, fired.Type);
    }

    [Fact]
    public async Task Chrooted_clients_see_event_paths_relative_to_the_chroot()
    {
        await using var plain = await zk.ConnectAsync();
        string root = zk.UniqueRoot("watch");
        await plain.CreateAsync(root, [], Acl.OpenAclUnsafe);
        await plain.CreateAsync(root + "/n", [], Acl.OpenAclUnsafe);
        await using var rooted = await zk.ConnectAsync(chroot: root);

        await rooted.ExistsAsync("/n", watch: true);
        await plain.DeleteAsync(root + "/n");
        var fired = await WatchEvents.NextAsync(rooted, e => e.Type != WatchEventType.None);

        Assert.Equal(new WatchedEvent(WatchEventType.NodeDeleted, SessionState.SyncConnected, "/n"), fired);
    }
}
