using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Watches;

public sealed class WatchManagerTests
{
    private const long A = 10;
    private const long B = 20;

    [Fact]
    public void One_shot_watches_fire_once()
    {
        var watches = new WatchManager();
        watches.AddWatch("/n", A, WatchKind.Data);

        Assert.Equal([new WatchEvent(A, EventType.NodeDataChanged, "/n")], Fire(watches, "/n", EventType.NodeDataChanged));
        Assert.Empty(Fire(watches, "/n", EventType.NodeDataChanged));
        Assert.Equal(0, watches.TotalWatchCount);
    }

    [Fact]
    public void Persistent_watches_fire_every_time_for_data_and_child_events_on_their_path()
    {
        var watches = new WatchManager();
        watches.AddWatch("/n", A, WatchKind.Persistent);

        Assert.Single(Fire(watches, "/n", EventType.NodeDataChanged));
        Assert.Single(Fire(watches, "/n", EventType.NodeChildrenChanged));
        Assert.Single(Fire(watches, "/n", EventType.NodeDeleted));
        Assert.Single(Fire(watches, "/n", EventType.NodeCreated));
        Assert.Empty(Fire(watches, "/n/child", EventType.NodeCreated));
        Assert.Equal(2, watches.TotalWatchCount);
    }

    [Theory]
    [InlineData("/r", EventType.NodeCreated, true)]
    [InlineData("/r", EventType.NodeDataChanged, true)]
    [InlineData("/r", EventType.NodeDeleted, true)]
    [InlineData("/r", EventType.NodeChildrenChanged, false)]
    [InlineData("/r/a", EventType.NodeCreated, true)]
    [InlineData("/r/a/b/c", EventType.NodeDataChanged, true)]
    [InlineData("/r/a", EventType.NodeDeleted, true)]
    [InlineData("/r/a", EventType.NodeChildrenChanged, false)]
    [InlineData("/rr", EventType.NodeCreated, false)]
    [InlineData("/", EventType.NodeDataChanged, false)]
    public void Recursive_watches_match_the_path_and_descendants_except_child_list_changes(string path, EventType type, bool fires)
    {
        var watches = new WatchManager();
        watches.AddWatch("/r", A, WatchKind.PersistentRecursive);

        var events = Fire(watches, path, type);

        Assert.Equal(fires ? [new WatchEvent(A, type, path)] : [], events);
        Assert.True(watches.HasWatch("/r", A, WatcherType.PersistentRecursive));
    }

    [Fact]
    public void Recursive_watch_on_the_root_sees_everything()
    {
        var watches = new WatchManager();
        watches.AddWatch("/", A, WatchKind.PersistentRecursive);

        Assert.Single(Fire(watches, "/a/b", EventType.NodeCreated));
        Assert.Single(Fire(watches, "/", EventType.NodeDataChanged));
    }

    [Fact]
    public void One_shot_watches_on_ancestors_do_not_fire_for_descendants()
    {
        var watches = new WatchManager();
        watches.AddWatch("/a", A, WatchKind.Data);
        watches.AddWatch("/", B, WatchKind.PersistentRecursive);

        Assert.Equal([new WatchEvent(B, EventType.NodeCreated, "/a/b")], Fire(watches, "/a/b", EventType.NodeCreated));
        Assert.True(watches.HasWatch("/a", A, WatcherType.Data));
    }

    [Fact]
    public void A_watcher_reached_by_several_watches_gets_one_event_and_loses_only_its_one_shots()
    {
        var watches = new WatchManager();
        watches.AddWatch("/n", A, WatchKind.Data);
        watches.AddWatch("/n", A, WatchKind.Persistent);
        watches.AddWatch("/", A, WatchKind.PersistentRecursive);
        watches.AddWatch("/n", A, WatchKind.Child);
        watches.AddWatch("/n", B, WatchKind.Exist);

        var events = Fire(watches, "/n", EventType.NodeDeleted);

        Assert.Equal([new WatchEvent(A, EventType.NodeDeleted, "/n"), new WatchEvent(B, EventType.NodeDeleted, "/n")], events);
        Assert.False(watches.HasWatch("/n", A, WatcherType.Data));
        Assert.False(watches.HasWatch("/n", A, WatcherType.Children));
        Assert.True(watches.HasWatch("/n", A, WatcherType.Persistent));
        Assert.True(watches.HasWatch("/", A, WatcherType.PersistentRecursive));
        Assert.False(watches.HasWatch("/n", B, WatcherType.Any));
    }

    [Fact]
    public void Events_come_out_in_watcher_order_whatever_the_arming_order()
    {
        var watches = new WatchManager();
        foreach (long watcher in new long[] { 5, 3, 9, 1 })
        {
            watches.AddWatch("/n", watcher, WatchKind.Data);
        }

        Assert.Equal([1L, 3L, 5L, 9L], Fire(watches, "/n", EventType.NodeDataChanged).Select(e => e.Watcher));
    }

    [Fact]
    public void Filtered_watchers_still_lose_their_one_shot_watch()
    {
        var watches = new WatchManager { DeliveryFilter = (watcher, _) => watcher == A };
        watches.AddWatch("/n", A, WatchKind.Data);
        watches.AddWatch("/n", B, WatchKind.Data);

        var events = new List<WatchEvent>();
        watches.Trigger("/n", EventType.NodeDataChanged, events, Acl.OpenAclUnsafe);

        Assert.Equal([new WatchEvent(A, EventType.NodeDataChanged, "/n")], events);
        Assert.Equal(0, watches.TotalWatchCount);
    }

    [Fact]
    public void CheckWatches_follows_the_table_and_mode_of_each_watcher_type()
    {
        var watches = new WatchManager();
        watches.AddWatch("/d", A, WatchKind.Data);
        watches.AddWatch("/c", A, WatchKind.Child);
        watches.AddWatch("/p", A, WatchKind.Persistent);
        watches.AddWatch("/r", A, WatchKind.PersistentRecursive);

        Assert.True(watches.HasWatch("/d", A, WatcherType.Data));
        Assert.False(watches.HasWatch("/d", A, WatcherType.Children));
        Assert.True(watches.HasWatch("/c", A, WatcherType.Children));
        Assert.False(watches.HasWatch("/c", A, WatcherType.Data));
        Assert.False(watches.HasWatch("/p", A, WatcherType.Data));
        Assert.True(watches.HasWatch("/p", A, WatcherType.Persistent));
        Assert.False(watches.HasWatch("/r", A, WatcherType.Persistent));
        Assert.True(watches.HasWatch("/r", A, WatcherType.Any));
        Assert.False(watches.HasWatch("/d", B, WatcherType.Any));
    }

    [Fact]
    public void RemoveWatches_removes_only_the_requested_kind_and_reports_no_match()
    {
        var watches = new WatchManager();
        watches.AddWatch("/n", A, WatchKind.Data);
        watches.AddWatch("/n", A, WatchKind.Child);
        watches.AddWatch("/n", A, WatchKind.Persistent);

        Assert.True(watches.RemoveWatches("/n", A, WatcherType.Data));
        Assert.False(watches.RemoveWatches("/n", A, WatcherType.Data));
        Assert.True(watches.HasWatch("/n", A, WatcherType.Children));
        Assert.True(watches.HasWatch("/n", A, WatcherType.Persistent));

        Assert.True(watches.RemoveWatches("/n", A, WatcherType.Any));
        Assert.False(watches.HasWatch("/n", A, WatcherType.Any));
        Assert.False(watches.RemoveWatches("/n", A, WatcherType.Any));
        Assert.Equal(0, watches.TotalWatchCount);
        Assert.Empty(Fire(watches, "/n", EventType.NodeDeleted));
    }

    [Fact]
    public void Removing_a_recursive_watch_stops_descendant_events()
    {
        var watches = new WatchManager();
        watches.AddWatch("/r", A, WatchKind.PersistentRecursive);

        Assert.True(watches.RemoveWatches("/r", A, WatcherType.PersistentRecursive));

        Assert.Empty(Fire(watches, "/r/x", EventType.NodeCreated));
    }

    [Fact]
    public void Disconnect_drops_every_watch_of_that_watcher_only()
    {
        var watches = new WatchManager();
        watches.AddWatch("/a", A, WatchKind.Data);
        watches.AddWatch("/b", A, WatchKind.Persistent);
        watches.AddWatch("/", A, WatchKind.PersistentRecursive);
        watches.AddWatch("/a", B, WatchKind.Child);

        watches.RemoveWatcher(A);

        Assert.Equal(0, watches.WatchCountOf(A));
        Assert.Equal(1, watches.TotalWatchCount);
        Assert.Empty(Fire(watches, "/a/x", EventType.NodeCreated));
        Assert.Equal([new WatchEvent(B, EventType.NodeChildrenChanged, "/a")], Fire(watches, "/a", EventType.NodeChildrenChanged));
    }

    [Fact]
    public void Summary_and_dumps_report_the_data_table_like_ZooKeeper_unless_asked_for_both()
    {
        var watches = new WatchManager();
        watches.AddWatch("/a", A, WatchKind.Data);
        watches.AddWatch("/b", A, WatchKind.Exist);
        watches.AddWatch("/a", B, WatchKind.Data);
        watches.AddWatch("/c", B, WatchKind.Child);

        Assert.Equal(new WatchSummary(Connections: 2, Paths: 2, TotalWatches: 3), watches.GetSummary());
        Assert.Equal(new WatchSummary(Connections: 2, Paths: 3, TotalWatches: 4), watches.GetSummary(includeChildWatches: true));
        Assert.Equal(4, watches.TotalWatchCount);

        var byWatcher = watches.DumpByWatcher();
        Assert.Equal([A, B], byWatcher.Keys);
        Assert.Equal(["/a", "/b"], byWatcher[A]);
        Assert.Equal(["/a", "/c"], watches.DumpByWatcher(includeChildWatches: true)[B]);

        var byPath = watches.DumpByPath();
        Assert.Equal(["/a", "/b"], byPath.Keys);
        Assert.Equal([A, B], byPath["/a"]);
        Assert.Equal([B], watches.DumpByPath(includeChildWatches: true)["/c"]);
    }

    [Fact]
    public void Per_watcher_limit_refuses_new_watches_but_allows_rearming_held_ones()
    {
        var watches = new WatchManager(new WatchOptions { MaxWatchesPerWatcher = 2 });

        Assert.Equal(KeeperErrorCode.Ok, watches.AddWatch("/a", A, WatchKind.Data));
        Assert.Equal(KeeperErrorCode.Ok, watches.AddWatch("/b", A, WatchKind.Data));
        Assert.Equal(KeeperErrorCode.Throttled, watches.AddWatch("/c", A, WatchKind.Data));
        Assert.Equal(KeeperErrorCode.Ok, watches.AddWatch("/a", A, WatchKind.Exist));
        Assert.Equal(KeeperErrorCode.Ok, watches.AddWatch("/c", B, WatchKind.Data));

        Assert.Equal(2, watches.WatchCountOf(A));
        Assert.False(watches.HasWatch("/c", A, WatcherType.Data));

        Fire(watches, "/a", EventType.NodeDataChanged);
        Assert.Equal(KeeperErrorCode.Ok, watches.AddWatch("/c", A, WatchKind.Data));
    }

    [Fact]
    public void Persistent_watch_needs_room_for_both_tables()
    {
        var watches = new WatchManager(new WatchOptions { MaxWatchesPerWatcher = 1 });

        Assert.Equal(KeeperErrorCode.Throttled, watches.AddWatch("/p", A, WatchKind.Persistent));
        Assert.Equal(0, watches.WatchCountOf(A));
    }

    private static List<WatchEvent> Fire(WatchManager watches, string path, EventType type)
    {
        var events = new List<WatchEvent>();
        watches.Trigger(path, type, events);
        return events;
    }
}
