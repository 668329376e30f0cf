using Zk.Node.Core.Tree;
using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Tree;

/// <summary>Which watches ZooKeeper's DataTree fires for each mutation (protocol doc §8.2, §8.3, §8.5).</summary>
public sealed class DataTreeWatchTests
{
    private const long W = 1;
    private const long Other = 2;

    [Fact]
    public void Create_fires_exist_watch_on_the_node_and_child_watch_on_the_parent()
    {
        var tree = new DataTree();
        tree.CreateNode("/p", null, null, 0, -1, 1, 0);
        tree.Watches.AddWatch("/p/c", W, WatchKind.Exist);
        tree.Watches.AddWatch("/p", Other, WatchKind.Child);
        tree.Watches.AddWatch("/p", W, WatchKind.Data);

        tree.CreateNode("/p/c", null, null, 0, -1, 2, 0);

        Assert.Equal([new WatchEvent(W, EventType.NodeCreated, "/p/c"), new WatchEvent(Other, EventType.NodeChildrenChanged, "/p")], Drain(tree));
        Assert.True(tree.Watches.HasWatch("/p", W, WatcherType.Data));
    }

    [Fact]
    public void Delete_fires_data_and_child_watches_on_the_node_once_per_watcher()
    {
        var tree = new DataTree();
        tree.CreateNode("/n", null, null, 0, -1, 1, 0);
        tree.Watches.AddWatch("/n", W, WatchKind.Data);
        tree.Watches.AddWatch("/n", W, WatchKind.Child);
        tree.Watches.AddWatch("/n", Other, WatchKind.Child);
        tree.Watches.AddWatch("/", Other, WatchKind.Child);

        tree.DeleteNode("/n", 2);

        Assert.Equal(
            [new WatchEvent(W, EventType.NodeDeleted, "/n"), new WatchEvent(Other, EventType.NodeDeleted, "/n"), new WatchEvent(Other, EventType.NodeChildrenChanged, "/")],
            Drain(tree));
        Assert.Equal(0, tree.Watches.TotalWatchCount);
    }

    [Fact]
    public void SetData_fires_data_watches_only()
    {
        var tree = new DataTree();
        tree.CreateNode("/n", null, null, 0, -1, 1, 0);
        tree.Watches.AddWatch("/n", W, WatchKind.Data);
        tree.Watches.AddWatch("/n", Other, WatchKind.Child);

        tree.SetData("/n", [1], 1, 2, 0);
        tree.SetData("/n", [2], 2, 3, 0);

        Assert.Equal([new WatchEvent(W, EventType.NodeDataChanged, "/n")], Drain(tree));
        Assert.True(tree.Watches.HasWatch("/n", Other, WatcherType.Children));
    }

    [Fact]
    public void Recursive_watch_sees_descendants_but_not_child_list_changes()
    {
        // Verified against ZooKeeper: recursive on /w plus a one-shot child watch on /w.
        var tree = new DataTree();
        tree.CreateNode("/w", null, null, 0, -1, 1, 0);
        tree.Watches.AddWatch("/w", W, WatchKind.PersistentRecursive);
        tree.Watches.AddWatch("/w", W, WatchKind.Child);

        tree.CreateNode("/w/c", null, null, 0, -1, 2, 0);
        Assert.Equal([new WatchEvent(W, EventType.NodeCreated, "/w/c"), new WatchEvent(W, EventType.NodeChildrenChanged, "/w")], Drain(tree));

        tree.DeleteNode("/w/c", 3);
        Assert.Equal([new WatchEvent(W, EventType.NodeDeleted, "/w/c")], Drain(tree));
    }

    [Fact]
    public void Delivery_filter_sees_the_acl_of_the_node_the_event_is_about()
    {
        var tree = new DataTree();
        var secret = new List<Acl> { new(Perms.All, new Id("digest", "a:b")) };
        tree.CreateNode("/open", null, Acl.OpenAclUnsafe, 0, -1, 1, 0);
        tree.Watches.AddWatch("/open/secret", W, WatchKind.Exist);
        tree.Watches.AddWatch("/open", W, WatchKind.Child);
        var seen = new List<IReadOnlyList<Acl>>();
        tree.Watches.DeliveryFilter = (_, acl) =>
        {
            seen.Add(acl);
            return acl.Count == 1 && acl[0].Id == Id.Anyone;
        };

        tree.CreateNode("/open/secret", null, secret, 0, -1, 2, 0);

        Assert.Equal([new WatchEvent(W, EventType.NodeChildrenChanged, "/open")], Drain(tree));
        Assert.Equal(secret, seen[0]);
        Assert.False(tree.Watches.HasWatch("/open/secret", W, WatcherType.Data));
    }

    [Fact]
    public void SetWatches_fires_what_changed_since_relativeZxid_and_arms_the_rest()
    {
        var tree = new DataTree();
        tree.CreateNode("/old", null, null, 0, -1, 1, 0);
        tree.CreateNode("/changed", null, null, 0, -1, 2, 0);
        tree.CreateNode("/parent", null, null, 0, -1, 3, 0);
        tree.CreateNode("/quiet", null, null, 0, -1, 4, 0);
        tree.SetData("/changed", [1], 1, 10, 0);
        tree.CreateNode("/parent/kid", null, null, 0, -1, 11, 0);
        Drain(tree);

        var code = tree.SetWatches(
            W,
            relativeZxid: 5,
            dataWatches: ["/old", "/changed", "/gone"],
            existWatches: ["/old", "/absent"],
            childWatches: ["/parent", "/quiet", "/gone2"],
            persistentWatches: ["/p"],
            persistentRecursiveWatches: ["/r"]);

        Assert.Equal(KeeperErrorCode.Ok, code);
        Assert.Equal(
            [
                new WatchEvent(W, EventType.NodeDataChanged, "/changed"),
                new WatchEvent(W, EventType.NodeDeleted, "/gone"),
                new WatchEvent(W, EventType.NodeCreated, "/old"),
                new WatchEvent(W, EventType.NodeChildrenChanged, "/parent"),
                new WatchEvent(W, EventType.NodeDeleted, "/gone2"),
            ],
            Drain(tree));
        Assert.True(tree.Watches.HasWatch("/old", W, WatcherType.Data));
        Assert.True(tree.Watches.HasWatch("/absent", W, WatcherType.Data));
        Assert.True(tree.Watches.HasWatch("/quiet", W, WatcherType.Children));
        Assert.False(tree.Watches.HasWatch("/parent", W, WatcherType.Children));
        Assert.True(tree.Watches.HasWatch("/p", W, WatcherType.Persistent));
        Assert.True(tree.Watches.HasWatch("/r", W, WatcherType.PersistentRecursive));
    }

    [Fact]
    public void SetWatches_reports_the_limit_when_it_cannot_arm_everything()
    {
        var tree = new DataTree(new WatchOptions { MaxWatchesPerWatcher = 1 });

        var code = tree.SetWatches(W, 0, [], ["/a", "/b"], []);

        Assert.Equal(KeeperErrorCode.Throttled, code);
        Assert.Equal(1, tree.Watches.WatchCountOf(W));
    }

    private static List<WatchEvent> Drain(DataTree tree)
    {
        var events = new List<WatchEvent>();
        tree.DrainEvents(events);
        Assert.Empty(tree.PendingEvents);
        return events;
    }
}
