using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Requests;

public sealed class WatchOrderingTests
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    private static WatcherEvent Ev(EventType type, string path) => new((int)type, (int)KeeperState.SyncConnected, path);

    [Fact]
    public void The_event_reaches_the_writer_before_its_own_setData_reply()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0)));
        c.Reply(c.Send(OpCode.GetData, new GetDataRequest("/a", true)));
        int set = c.Send(OpCode.SetData, new SetDataRequest("/a", [1], -1));

        var first = c.Next();
        Assert.Equal(Ev(EventType.NodeDataChanged, "/a"), first.Event);
        Assert.Equal(-1L, first.Header.Zxid);
        c.Reply(set);
    }

    [Fact]
    public void Another_sessions_queued_read_sees_the_event_before_the_changed_data()
    {
        var h = new CoreHarness();
        var writer = h.Connect();
        var watcher = h.Connect();
        writer.Reply(writer.Send(OpCode.Create, new CreateRequest("/a", [0], Open, 0)));
        watcher.Reply(watcher.Send(OpCode.GetData, new GetDataRequest("/a", true)));
        h.AutoPersist = false;

        writer.Send(OpCode.SetData, new SetDataRequest("/a", [1], -1));
        int pendingWrite = watcher.Send(OpCode.Create, new CreateRequest("/b", null, Open, 0));
        int read = watcher.Send(OpCode.GetData, new GetDataRequest("/a", false));
        h.PersistAll();

        Assert.Equal(Ev(EventType.NodeDataChanged, "/a"), watcher.Next().Event);
        watcher.Reply(pendingWrite);
        Assert.Equal([1], watcher.Result<GetDataResponse>(read).Data!);
    }

    [Fact]
    public void Exists_on_a_missing_node_arms_a_watch_that_create_fires_along_with_the_parents_child_watch()
    {
        var h = new CoreHarness();
        var writer = h.Connect();
        var watcher = h.Connect();
        watcher.Reply(watcher.Send(OpCode.Exists, new ExistsRequest("/n", true)), KeeperErrorCode.NoNode);
        watcher.Result<GetChildrenResponse>(watcher.Send(OpCode.GetChildren, new GetChildrenRequest("/", true)));

        writer.Reply(writer.Send(OpCode.Create, new CreateRequest("/n", null, Open, 0)));

        Assert.Equal(Ev(EventType.NodeCreated, "/n"), watcher.Next().Event);
        Assert.Equal(Ev(EventType.NodeChildrenChanged, "/"), watcher.Next().Event);
        Assert.Equal(0, watcher.PendingFrames);
    }

    [Fact]
    public void SetWatches_fires_what_changed_since_relative_zxid_before_its_reply()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/old", null, Open, 0)));
        long seen = h.Core.LastZxid;
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/changed", null, Open, 0)));

        int xid = c.Send(OpCode.SetWatches, new SetWatches(seen, ["/old", "/changed", "/gone"], ["/later"], []), Xids.SetWatches);

        var events = new[] { c.Next().Event, c.Next().Event };
        Assert.Contains(Ev(EventType.NodeDataChanged, "/changed"), events);
        Assert.Contains(Ev(EventType.NodeDeleted, "/gone"), events);
        c.Reply(xid);
        int set = c.Send(OpCode.SetData, new SetDataRequest("/old", null, -1));
        Assert.Equal(Ev(EventType.NodeDataChanged, "/old"), c.Next().Event);
        c.Reply(set);
        Assert.Equal(0, c.PendingFrames);
    }

    [Fact]
    public void Remove_watches_reports_no_watcher_when_nothing_matched()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/w", null, Open, 0)));
        c.Reply(c.Send(OpCode.GetData, new GetDataRequest("/w", true)));

        c.Reply(c.Send(OpCode.CheckWatches, new CheckWatchesRequest("/w", (int)WatcherType.Data)));
        c.Reply(c.Send(OpCode.RemoveWatches, new RemoveWatchesRequest("/w", (int)WatcherType.Data)));
        c.Reply(c.Send(OpCode.RemoveWatches, new RemoveWatchesRequest("/w", (int)WatcherType.Data)), KeeperErrorCode.NoWatcher);
    }

    [Fact]
    public void Persistent_recursive_watch_sees_descendants_and_stays()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/w", null, Open, 0)));
        var ok = c.Reply(c.Send(OpCode.AddWatch, new AddWatchRequest("/w", (int)AddWatchMode.PersistentRecursive)));
        Assert.Equal(0, ok.Body<ErrorResponse>().Err);

        int create = c.Send(OpCode.Create, new CreateRequest("/w/c", null, Open, 0));
        Assert.Equal(Ev(EventType.NodeCreated, "/w/c"), c.Next().Event);
        c.Reply(create);
        int delete = c.Send(OpCode.Delete, new DeleteRequest("/w/c", -1));
        Assert.Equal(Ev(EventType.NodeDeleted, "/w/c"), c.Next().Event);
        c.Reply(delete);
    }
}
