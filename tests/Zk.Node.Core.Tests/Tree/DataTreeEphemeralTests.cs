using Zk.Node.Core.Tree;
using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Tests.Tree;

public sealed class DataTreeEphemeralTests
{
    [Fact]
    public void Ephemerals_are_indexed_by_session_and_leave_the_index_when_deleted()
    {
        var tree = new DataTree();
        tree.CreateNode("/b", null, null, 1, -1, 1, 0);
        tree.CreateNode("/a", null, null, 1, -1, 2, 0);
        tree.CreateNode("/x", null, null, 2, -1, 3, 0);
        tree.CreateNode("/p", null, null, 0, -1, 4, 0);

        Assert.Equal(["/a", "/b"], tree.GetEphemerals(1));
        Assert.Equal(["/x"], tree.GetEphemerals(2));
        Assert.Empty(tree.GetEphemerals(3));
        Assert.Equal(3, tree.EphemeralCount);

        tree.DeleteNode("/a", 5);

        Assert.Equal(["/b"], tree.GetEphemerals(1));
        Assert.Equal(2, tree.EphemeralCount);
        Assert.Equal([1L, 2L], tree.GetAllEphemerals().Keys);
    }

    [Fact]
    public void KillSession_deletes_only_that_sessions_nodes_and_fires_their_watches()
    {
        var tree = new DataTree();
        tree.CreateNode("/locks", null, null, 0, -1, 1, 0);
        tree.CreateNode("/locks/one", null, null, 7, -1, 2, 0);
        tree.CreateNode("/locks/two", null, null, 7, -1, 3, 0);
        tree.CreateNode("/locks/other", null, null, 8, -1, 4, 0);
        tree.Watches.AddWatch("/locks/one", watcher: 100, WatchKind.Data);
        tree.Watches.AddWatch("/locks", watcher: 100, WatchKind.Child);

        var deleted = tree.KillSession(7, zxid: 9);

        Assert.Equal(["/locks/one", "/locks/two"], deleted);
        Assert.Equal(["other"], tree.GetChildren("/locks"));
        Assert.Empty(tree.GetEphemerals(7));
        Assert.Equal(["/locks/other"], tree.GetEphemerals(8));
        tree.TryGetNode("/locks", out var locks);
        Assert.Equal(9, locks!.Pzxid);
        Assert.Equal(9, tree.LastProcessedZxid);
        Assert.Equal(
            [new WatchEvent(100, EventType.NodeDeleted, "/locks/one"), new WatchEvent(100, EventType.NodeChildrenChanged, "/locks")],
            tree.PendingEvents);
    }

    [Fact]
    public void KillSession_of_a_session_without_ephemerals_deletes_nothing()
    {
        var tree = new DataTree();
        long digest = tree.Digest;

        Assert.Empty(tree.KillSession(5, 3));
        Assert.Equal(digest, tree.Digest);
    }

    [Fact]
    public void Containers_and_ttls_are_indexed_but_are_not_ephemerals()
    {
        var tree = new DataTree();
        tree.CreateNode("/c", null, null, EphemeralType.ContainerOwner, -1, 1, 0);
        tree.CreateNode("/t", null, null, EphemeralType.TtlToOwner(1000), -1, 2, 0);

        Assert.Equal(["/c"], tree.Containers);
        Assert.Equal(["/t"], tree.Ttls);
        Assert.Equal(0, tree.EphemeralCount);

        tree.DeleteNode("/c", 3);
        tree.DeleteNode("/t", 4);

        Assert.Empty(tree.Containers);
        Assert.Empty(tree.Ttls);
    }

    [Fact]
    public void Reap_candidates_follow_ContainerManager()
    {
        var tree = new DataTree();
        tree.CreateNode("/used", null, null, EphemeralType.ContainerOwner, -1, 1, timeMs: 0);
        tree.CreateNode("/used/child", null, null, 0, -1, 2, 0);
        tree.DeleteNode("/used/child", 3);
        tree.CreateNode("/busy", null, null, EphemeralType.ContainerOwner, -1, 4, 0);
        tree.CreateNode("/busy/child", null, null, 0, -1, 5, 0);
        tree.CreateNode("/never", null, null, EphemeralType.ContainerOwner, -1, 6, timeMs: 0);
        tree.CreateNode("/ttl", null, null, EphemeralType.TtlToOwner(1000), -1, 7, timeMs: 0);

        Assert.Equal(["/used"], tree.GetReapCandidates(nowMs: 1000));
        Assert.Equal(["/ttl", "/used"], tree.GetReapCandidates(nowMs: 1001));
        Assert.Equal(["/never", "/ttl", "/used"], tree.GetReapCandidates(nowMs: 1001, maxNeverUsedIntervalMs: 500));
    }
}
