namespace Zk.Node.Core.Watches;

/// <summary>
/// One of ZooKeeper's two WatchManager instances (data watches or child watches): path → watcher → modes,
/// with the reverse index for disconnects and dumps.
/// </summary>
internal sealed class WatchTable
{
    private readonly Dictionary<string, Dictionary<long, WatchModes>> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Dictionary<string, WatchModes>> _byWatcher = [];
    private readonly List<KeyValuePair<long, WatchModes>> _scratch = [];
    private int _recursiveEntries;

    /// <summary>(path, watcher) pairs, whatever their modes.</summary>
    public int EntryCount { get; private set; }

    public int PathCount => _byPath.Count;

    public int WatcherCount => _byWatcher.Count;

    public int CountOf(long watcher) => _byWatcher.TryGetValue(watcher, out var paths) ? paths.Count : 0;

    public bool HasEntry(string path, long watcher) =>
        _byWatcher.TryGetValue(watcher, out var paths) && paths.ContainsKey(path);

    public void Add(string path, long watcher, WatchModes mode)
    {
        if (!_byWatcher.TryGetValue(watcher, out var paths))
        {
            paths = new Dictionary<string, WatchModes>(StringComparer.Ordinal);
            _byWatcher.Add(watcher, paths);
        }

        paths.TryGetValue(path, out var old);
        Set(path, watcher, old, old | mode);
    }

    /// <summary>
    /// WatchManager.triggerWatch: the watchers an event on <paramref name="path"/> reaches. Every watch on
    /// the path fires and loses its one-shot mode; on ancestors only recursive watches fire.
    /// </summary>
    public void Collect(string path, List<long> fired)
    {
        if (_byPath.TryGetValue(path, out var watchers))
        {
            _scratch.Clear();
            _scratch.AddRange(watchers);
            foreach (var (watcher, modes) in _scratch)
            {
                fired.Add(watcher);
                Set(path, watcher, modes, modes & ~WatchModes.Standard);
            }
        }

        if (_recursiveEntries == 0)
        {
            return;
        }

        // Ancestors are looked up as slices of the path: no strings are built on this hot path.
        var lookup = _byPath.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var ancestor = ParentOf(path); !ancestor.IsEmpty; ancestor = ParentOf(ancestor))
        {
            if (!lookup.TryGetValue(ancestor, out var ancestorWatchers))
            {
                continue;
            }

            foreach (var (watcher, modes) in ancestorWatchers)
            {
                if ((modes & WatchModes.PersistentRecursive) != 0)
                {
                    fired.Add(watcher);
                }
            }
        }
    }

    /// <summary>Whether the watcher holds any of <paramref name="modes"/> on the path.</summary>
    public bool Contains(string path, long watcher, WatchModes modes) =>
        _byWatcher.TryGetValue(watcher, out var paths)
        && paths.TryGetValue(path, out var held)
        && (held & modes) != 0;

    /// <summary>Clears <paramref name="modes"/> of the watcher on the path; true if it held any of them.</summary>
    public bool Remove(string path, long watcher, WatchModes modes)
    {
        if (!_byWatcher.TryGetValue(watcher, out var paths) || !paths.TryGetValue(path, out var held) || (held & modes) == 0)
        {
            return false;
        }

        Set(path, watcher, held, held & ~modes);
        return true;
    }

    public void RemoveWatcher(long watcher)
    {
        if (!_byWatcher.TryGetValue(watcher, out var paths))
        {
            return;
        }

        foreach (var (path, modes) in paths.ToList())
        {
            Set(path, watcher, modes, WatchModes.None);
        }
    }

    /// <summary>Watcher → watched paths, both sorted (wchc).</summary>
    public SortedDictionary<long, IReadOnlyList<string>> ByWatcher()
    {
        var result = new SortedDictionary<long, IReadOnlyList<string>>();
        foreach (var (watcher, paths) in _byWatcher)
        {
            result.Add(watcher, paths.Keys.Order(StringComparer.Ordinal).ToArray());
        }

        return result;
    }

    /// <summary>Path → watchers, both sorted (wchp).</summary>
    public SortedDictionary<string, IReadOnlyList<long>> ByPath()
    {
        var result = new SortedDictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        foreach (var (path, watchers) in _byPath)
        {
            result.Add(path, watchers.Keys.Order().ToArray());
        }

        return result;
    }

    /// <summary>Moves one (path, watcher) entry from <paramref name="old"/> to <paramref name="updated"/> modes, keeping both indexes and counters in step.</summary>
    private void Set(string path, long watcher, WatchModes old, WatchModes updated)
    {
        if (old == updated)
        {
            return;
        }

        _recursiveEntries += ((updated & WatchModes.PersistentRecursive) != 0 ? 1 : 0) - ((old & WatchModes.PersistentRecursive) != 0 ? 1 : 0);
        if (updated == WatchModes.None)
        {
            var watchers = _byPath[path];
            watchers.Remove(watcher);
            if (watchers.Count == 0)
            {
                _byPath.Remove(path);
            }

            var paths = _byWatcher[watcher];
            paths.Remove(path);
            if (paths.Count == 0)
            {
                _byWatcher.Remove(watcher);
            }

            EntryCount--;
            return;
        }

        if (old == WatchModes.None)
        {
            if (!_byPath.TryGetValue(path, out var watchers))
            {
                watchers = [];
                _byPath.Add(path, watchers);
            }

            EntryCount++;
            watchers[watcher] = updated;
        }
        else
        {
            _byPath[path][watcher] = updated;
        }

        _byWatcher[watcher][path] = updated;
    }

    /// <summary>The parent of an absolute path as a slice ("/" for top-level nodes), empty for the root.</summary>
    private static ReadOnlySpan<char> ParentOf(ReadOnlySpan<char> path)
    {
        if (path is "/")
        {
            return [];
        }

        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
