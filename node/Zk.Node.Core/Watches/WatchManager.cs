using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Watches;

/// <summary>
/// The watches of one server, keyed by watcher (a connection id). Internally two tables as in ZooKeeper's
/// DataTree: <em>data</em> watches (getData, exists, persistent, recursive) and <em>child</em> watches
/// (getChildren, persistent). Which table an event reaches:
/// <code>
///   NodeCreated, NodeDataChanged   data table on the path, plus recursive watches on its ancestors
///   NodeDeleted                    data table (as above), then the child table on the path
///   NodeChildrenChanged            child table on the path only (so recursive watches never get it)
/// </code>
/// One-shot watches are removed when they fire, even for a watcher whose event is filtered out; a
/// watcher reached by several watches for one trigger gets one event. Removal through checkWatches /
/// removeWatches sends nothing: ZooKeeper clients raise DataWatchRemoved/ChildWatchRemoved themselves.
/// </summary>
public sealed class WatchManager
{
    private readonly WatchTable _data = new();
    private readonly WatchTable _child = new();
    private readonly List<long> _fired = [];

    public WatchManager(WatchOptions? options = null)
    {
        Options = options ?? new WatchOptions();
    }

    public WatchOptions Options { get; }

    /// <summary>
    /// Optional delivery check (ZooKeeper 3.8.4/3.9.2, CVE-2024-23944): given a watcher and the ACL of the
    /// node the event is about, whether it may see the event (READ permission). Null delivers everything.
    /// </summary>
    public Func<long, IReadOnlyList<Acl>, bool>? DeliveryFilter { get; set; }

    /// <summary>Watches in both tables (mntr zk_watch_count: dataWatches.size() + childWatches.size()).</summary>
    public int TotalWatchCount => _data.EntryCount + _child.EntryCount;

    /// <summary>Watch entries held by one watcher across both tables (what the limit counts).</summary>
    public int WatchCountOf(long watcher) => _data.CountOf(watcher) + _child.CountOf(watcher);

    /// <summary>
    /// Arms a watch. Arming one that is already held is a no-op. Returns <see cref="KeeperErrorCode.Throttled"/>
    /// (arming nothing) when the watcher would exceed <see cref="WatchOptions.MaxWatchesPerWatcher"/>.
    /// </summary>
    public KeeperErrorCode AddWatch(string path, long watcher, WatchKind kind)
    {
        int newEntries = kind switch
        {
            WatchKind.Data or WatchKind.Exist or WatchKind.PersistentRecursive => _data.HasEntry(path, watcher) ? 0 : 1,
            WatchKind.Child => _child.HasEntry(path, watcher) ? 0 : 1,
            WatchKind.Persistent => (_data.HasEntry(path, watcher) ? 0 : 1) + (_child.HasEntry(path, watcher) ? 0 : 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown watch kind"),
        };
        if (newEntries > 0 && Options.MaxWatchesPerWatcher > 0 && WatchCountOf(watcher) + newEntries > Options.MaxWatchesPerWatcher)
        {
            return KeeperErrorCode.Throttled;
        }

        switch (kind)
        {
            case WatchKind.Data or WatchKind.Exist:
                _data.Add(path, watcher, WatchModes.Standard);
                break;
            case WatchKind.Child:
                _child.Add(path, watcher, WatchModes.Standard);
                break;
            case WatchKind.Persistent:
                _data.Add(path, watcher, WatchModes.Persistent);
                _child.Add(path, watcher, WatchModes.Persistent);
                break;
            case WatchKind.PersistentRecursive:
                _data.Add(path, watcher, WatchModes.PersistentRecursive);
                break;
        }

        return KeeperErrorCode.Ok;
    }

    /// <summary>
    /// Fires the watches an event of <paramref name="type"/> on <paramref name="path"/> reaches and appends
    /// one <see cref="WatchEvent"/> per watcher to <paramref name="output"/>, in watcher id order.
    /// </summary>
    /// <param name="acl">ACL of the node the event is about, for <see cref="DeliveryFilter"/>.</param>
    public void Trigger(string path, EventType type, List<WatchEvent> output, IReadOnlyList<Acl>? acl = null)
    {
        _fired.Clear();
        switch (type)
        {
            case EventType.NodeCreated or EventType.NodeDataChanged:
                _data.Collect(path, _fired);
                break;
            case EventType.NodeDeleted:
                _data.Collect(path, _fired);
                _child.Collect(path, _fired);
                break;
            case EventType.NodeChildrenChanged:
                _child.Collect(path, _fired);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "the server only triggers node events");
        }

        if (_fired.Count == 0)
        {
            return;
        }

        _fired.Sort();
        long previous = 0;
        for (int i = 0; i < _fired.Count; i++)
        {
            long watcher = _fired[i];
            if (i > 0 && watcher == previous)
            {
                continue;
            }

            previous = watcher;
            if (acl is not null && DeliveryFilter is { } filter && !filter(watcher, acl))
            {
                continue;
            }

            output.Add(new WatchEvent(watcher, type, path));
        }
    }

    /// <summary>checkWatches (DataTree.containsWatcher, 3.9 rules): does the watcher hold a watch of that type on the path?</summary>
    public bool HasWatch(string path, long watcher, WatcherType type) => type switch
    {
        WatcherType.Children => _child.Contains(path, watcher, WatchModes.Standard),
        WatcherType.Data => _data.Contains(path, watcher, WatchModes.Standard),
        WatcherType.Persistent => _child.Contains(path, watcher, WatchModes.Persistent) || _data.Contains(path, watcher, WatchModes.Persistent),
        WatcherType.PersistentRecursive => _data.Contains(path, watcher, WatchModes.PersistentRecursive),
        WatcherType.Any => _child.Contains(path, watcher, WatchModes.All) || _data.Contains(path, watcher, WatchModes.All),
        _ => false,
    };

    /// <summary>
    /// removeWatches (DataTree.removeWatch, 3.9 rules). Returns false when nothing matched (the caller
    /// answers NOWATCHER). Any removes every mode in both tables, which is how 3.6–3.8 clients remove
    /// persistent watches.
    /// </summary>
    public bool RemoveWatches(string path, long watcher, WatcherType type) => type switch
    {
        WatcherType.Children => _child.Remove(path, watcher, WatchModes.Standard),
        WatcherType.Data => _data.Remove(path, watcher, WatchModes.Standard),
        WatcherType.Persistent => _child.Remove(path, watcher, WatchModes.Persistent) | _data.Remove(path, watcher, WatchModes.Persistent),
        WatcherType.PersistentRecursive => _data.Remove(path, watcher, WatchModes.PersistentRecursive),
        WatcherType.Any => _child.Remove(path, watcher, WatchModes.All) | _data.Remove(path, watcher, WatchModes.All),
        _ => false,
    };

    /// <summary>Drops every watch of a watcher (its connection closed).</summary>
    public void RemoveWatcher(long watcher)
    {
        _data.RemoveWatcher(watcher);
        _child.RemoveWatcher(watcher);
    }

    /// <summary>
    /// wchs. ZooKeeper reports only its data-watch table here (getChildren watches are not counted);
    /// <paramref name="includeChildWatches"/> adds the child table.
    /// </summary>
    public WatchSummary GetSummary(bool includeChildWatches = false)
    {
        if (!includeChildWatches)
        {
            return new WatchSummary(_data.WatcherCount, _data.PathCount, _data.EntryCount);
        }

        var byWatcher = DumpByWatcher(includeChildWatches: true);
        var byPath = DumpByPath(includeChildWatches: true);
        return new WatchSummary(byWatcher.Count, byPath.Count, TotalWatchCount);
    }

    /// <summary>wchc: watcher → paths, sorted. Data table only unless <paramref name="includeChildWatches"/>, as <see cref="GetSummary"/>.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>> DumpByWatcher(bool includeChildWatches = false)
    {
        var result = _data.ByWatcher();
        if (includeChildWatches)
        {
            foreach (var (watcher, paths) in _child.ByWatcher())
            {
                result[watcher] = result.TryGetValue(watcher, out var existing)
                    ? existing.Union(paths, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()
                    : paths;
            }
        }

        return result;
    }

    /// <summary>wchp: path → watchers, sorted. Data table only unless <paramref name="includeChildWatches"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> DumpByPath(bool includeChildWatches = false)
    {
        var result = _data.ByPath();
        if (includeChildWatches)
        {
            foreach (var (path, watchers) in _child.ByPath())
            {
                result[path] = result.TryGetValue(path, out var existing)
                    ? existing.Union(watchers).Order().ToArray()
                    : watchers;
            }
        }

        return result;
    }
}
