using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// Which field manager owns which leaf paths of one object, in the spirit of metadata.managedFields:
/// one entry per (manager, operation, subresource). Apply by a manager conflicts where another
/// manager owns a path with a different value; an update silently takes ownership of what it changed.
/// </summary>
internal sealed class FieldOwnership
{
    private readonly Dictionary<(string Manager, bool Apply, bool Status), HashSet<string>> _entries = [];

    public IReadOnlyCollection<string> ManagersOwning(string path) =>
        _entries.Where(e => e.Value.Contains(path)).Select(e => e.Key.Manager).Distinct().ToList();

    /// <summary>
    /// Runs one server-side apply of <paramref name="body"/> onto <paramref name="current"/> (edited in
    /// place). Returns the conflicts (manager, path) when there are some and <paramref name="force"/> is off;
    /// then nothing was changed.
    /// </summary>
    public List<(string Manager, string Path)> Apply(JsonObject current, JsonObject body, string manager, bool force, bool status, bool hasStatusSubresource)
    {
        var applied = FieldPaths.Flatten(body, status, hasStatusSubresource);
        var conflicts = new List<(string Manager, string Path)>();
        foreach (var (path, value) in applied)
        {
            foreach (var (key, paths) in _entries)
            {
                if (key.Manager != manager && key.Status == status && paths.Contains(path)
                    && !JsonNode.DeepEquals(FieldPaths.Get(current, path), value))
                {
                    conflicts.Add((key.Manager, path));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            return conflicts;
        }

        foreach (var (other, path) in conflicts)
        {
            foreach (var (key, paths) in _entries)
            {
                if (key.Manager == other)
                {
                    paths.Remove(path);
                }
            }
        }

        var mine = (manager, true, status);
        var previous = _entries.TryGetValue(mine, out var owned) ? owned : [];
        foreach (var path in previous)
        {
            // A field the manager applied before and no longer mentions is deleted, unless shared.
            if (!applied.ContainsKey(path) && !_entries.Any(e => e.Key != mine && e.Value.Contains(path)))
            {
                FieldPaths.Remove(current, path);
            }
        }

        foreach (var (path, value) in applied)
        {
            FieldPaths.Set(current, path, value);
        }

        _entries[mine] = [.. applied.Keys];
        return [];
    }

    /// <summary>An update (create, PUT or patch) by <paramref name="manager"/>: it takes every path it changed.</summary>
    public void RecordUpdate(JsonObject? before, JsonObject after, string manager, bool status, bool hasStatusSubresource)
    {
        var old = before is null ? [] : FieldPaths.Flatten(before, status, hasStatusSubresource);
        var now = FieldPaths.Flatten(after, status, hasStatusSubresource);
        var mine = (manager, false, status);
        foreach (var (path, value) in now)
        {
            if (old.TryGetValue(path, out var was) && JsonNode.DeepEquals(was, value))
            {
                continue;
            }

            foreach (var (key, paths) in _entries)
            {
                if (key != mine)
                {
                    paths.Remove(path);
                }
            }

            if (!_entries.TryGetValue(mine, out var owned))
            {
                owned = [];
                _entries[mine] = owned;
            }

            owned.Add(path);
        }

        foreach (var path in old.Keys.Where(p => !now.ContainsKey(p)))
        {
            foreach (var paths in _entries.Values)
            {
                paths.Remove(path);
            }
        }
    }
}
