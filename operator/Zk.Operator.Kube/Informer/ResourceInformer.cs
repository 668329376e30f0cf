using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Informer;

/// <summary>
/// A local cache of one resource type fed by list+watch (like client-go's shared informer, one
/// type and one consumer). Objects are keyed by namespace/name; the last resourceVersion is kept so
/// that a broken watch resumes where it stopped, and a 410 Gone re-lists, diffs the new list
/// against the cache and reports every key (deleted, changed or <see cref="ResourceChangeType.Resynced"/>).
/// </summary>
/// <remarks>
/// <see cref="Changed"/> handlers run on the informer's loop and must be quick (enqueue a key).
/// Cached objects are shared: treat them as read-only and DeepClone before editing.
/// </remarks>
public sealed class ResourceInformer
{
    private readonly IKubeApi _api;
    private readonly ResourceType _type;
    private readonly string? _namespace;
    private readonly InformerOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resourceVersion;

    public ResourceInformer(IKubeApi api, ResourceType type, string? @namespace = null, InformerOptions? options = null)
    {
        _api = api;
        _type = type;
        _namespace = @namespace;
        _options = options ?? new InformerOptions();
    }

    /// <summary>Raised for every cache change, in the order the server reported them.</summary>
    public event Action<ResourceChange>? Changed;

    public ResourceType Type => _type;

    /// <summary>True once the first list has been loaded.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Where the watch resumes from; a bookmark advances it without any object changing.</summary>
    public string? LastResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>How many times the watch fell out of the server's history and had to list again.</summary>
    public int RelistCount { get; private set; }

    /// <summary>The last error the watch loop recovered from, for diagnostics.</summary>
    public Exception? LastError { get; private set; }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    public bool TryGet(string? @namespace, string name, [NotNullWhen(true)] out JsonObject? obj)
    {
        lock (_lock)
        {
            return _cache.TryGetValue(KubeObject.KeyOf(@namespace, name), out obj);
        }
    }

    public IReadOnlyList<JsonObject> List()
    {
        lock (_lock)
        {
            return [.. _cache.Values];
        }
    }

    /// <summary>Runs list+watch until cancelled; errors are retried with backoff, never thrown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var watchOptions = new WatchOptions
                {
                    LabelSelector = _options.LabelSelector,
                    ResourceVersion = LastResourceVersion,
                    TimeoutSeconds = _options.WatchTimeoutSeconds,
                };
                await foreach (var update in _api.WatchAsync(_type, _namespace, watchOptions, cancellationToken))
                {
                    Apply(update);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LastError = e;
                try
                {
                    await Task.Delay(Backoff.Delay(failures++, _options.InitialBackoff, _options.MaxBackoff, Random.Shared), _options.TimeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Apply(WatchUpdate update)
    {
        var changes = new List<ResourceChange>();
        lock (_lock)
        {
            switch (update.Kind)
            {
                case WatchUpdateKind.Listed:
                case WatchUpdateKind.Relisted:
                    Replace(update.Items, update.Kind == WatchUpdateKind.Relisted, changes);
                    break;
                case WatchUpdateKind.Added:
                case WatchUpdateKind.Modified:
                    {
                        var obj = update.Object!;
                        var key = obj.GetKey();
                        var had = _cache.TryGetValue(key, out var old);
                        _cache[key] = obj;
                        changes.Add(new ResourceChange(had ? ResourceChangeType.Modified : ResourceChangeType.Added, key, obj, old));
                        break;
                    }

                case WatchUpdateKind.Deleted:
                    {
                        var obj = update.Object!;
                        var key = obj.GetKey();
                        _cache.Remove(key, out var old);
                        changes.Add(new ResourceChange(ResourceChangeType.Deleted, key, obj, old));
                        break;
                    }

                case WatchUpdateKind.Bookmark:
                default:
                    break;
            }

            _resourceVersion = update.ResourceVersion;
        }

        if (update.Kind is WatchUpdateKind.Listed or WatchUpdateKind.Relisted)
        {
            _synced.TrySetResult();
        }

        foreach (var change in changes)
        {
            Changed?.Invoke(change);
        }
    }

    private void Replace(IReadOnlyList<JsonObject> items, bool relisted, List<ResourceChange> changes)
    {
        if (relisted)
        {
            RelistCount++;
        }

        var fresh = new Dictionary<string, JsonObject>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            fresh[item.GetKey()] = item;
        }

        foreach (var (key, old) in _cache)
        {
            if (!fresh.ContainsKey(key))
            {
                changes.Add(new ResourceChange(ResourceChangeType.Deleted, key, old, old));
            }
        }

        foreach (var (key, obj) in fresh)
        {
            if (!_cache.TryGetValue(key, out var old))
            {
                changes.Add(new ResourceChange(ResourceChangeType.Added, key, obj, null));
            }
            else if (old.GetResourceVersion() != obj.GetResourceVersion())
            {
                changes.Add(new ResourceChange(ResourceChangeType.Modified, key, obj, old));
            }
            else
            {
                changes.Add(new ResourceChange(ResourceChangeType.Resynced, key, obj, old));
            }
        }

        _cache.Clear();
        foreach (var (key, obj) in fresh)
        {
            _cache[key] = obj;
        }
    }
}
