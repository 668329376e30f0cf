using System.Globalization;
using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// The fake API server's state: objects per resource type, one global resourceVersion counter,
/// an event history for watches, and the API semantics the operator relies on — optimistic
/// concurrency, the status subresource, generation, server-side apply, finalizers.
/// Everything runs under one lock; watches wait on <see cref="Poll"/>'s signal.
/// </summary>
internal sealed class FakeResourceStore(TimeProvider timeProvider)
{
    /// <summary>Kinds without a status subresource: a PUT writes everything.</summary>
    private static readonly HashSet<string> Statusless = ["/configmaps", "/secrets", "/events", "coordination.k8s.io/leases", "/namespaces"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceType> _types = new[]
    {
        ResourceType.Pod, ResourceType.Service, ResourceType.ConfigMap, ResourceType.Secret, ResourceType.PersistentVolumeClaim,
        ResourceType.Event, ResourceType.Namespace, ResourceType.StatefulSet, ResourceType.PodDisruptionBudget,
        ResourceType.Lease, ResourceType.ZkEnsemble,
    }.ToDictionary(t => $"{t.Group}/{t.Plural}");

    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _objects = [];
    private readonly List<HistoryEntry> _history = [];
    private long _resourceVersion = 100;
    private long _compactedBelow;
    private int _bookmarkGeneration;
    private int _closeGeneration;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JsonObject? LastDeleteOptions { get; private set; }

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    public ResourceType? TypeOf(FakeRoute route) => _types.GetValueOrDefault(route.ResourceKey);

    public JsonObject? Peek(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return Find($"{type.Group}/{type.Plural}", ns, name)?.Object.DeepClone().AsObject();
        }
    }

    public IReadOnlyCollection<string> OwnersOf(ResourceType type, string? ns, string name, string dottedPath)
    {
        lock (_lock)
        {
            return Find($"{type.Group}/{type.Plural}", ns, name)?.Fields.ManagersOwning(dottedPath.TrimStart('.').Replace('.', '\n')) ?? [];
        }
    }

    /// <summary>Puts an object straight into the store, as if another client had created it.</summary>
    public JsonObject Seed(ResourceType type, JsonObject obj)
    {
        var route = new FakeRoute(type.Group, type.Version, obj.GetNamespace(), type.Plural, null, null);
        var result = Create(route, obj, "seed");
        return result.Code == 201 ? (JsonObject)result.Body! : throw new InvalidOperationException(result.Body?.ToJsonString());
    }

    public FakeResult Get(FakeRoute route)
    {
        lock (_lock)
        {
            var stored = Find(route.ResourceKey, route.Namespace, route.Name!);
            return stored is null ? NotFound(route) : FakeResult.Ok(stored.Object.DeepClone());
        }
    }

    public FakeResult List(FakeRoute route, string? labelSelector)
    {
        var type = TypeOf(route)!;
        var selector = LabelSelector.Parse(labelSelector);
        lock (_lock)
        {
            var items = new JsonArray();
            foreach (var obj in Matching(route, selector))
            {
                items.Add(obj.DeepClone());
            }

            return FakeResult.Ok(new JsonObject
            {
                ["apiVersion"] = type.ApiVersion,
                ["kind"] = type.Kind + "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(_resourceVersion) },
                ["items"] = items,
            });
        }
    }

    public FakeResult Create(FakeRoute route, JsonObject body, string manager)
    {
        var type = TypeOf(route)!;
        if (Validate(route, type, body) is { } invalid)
        {
            return invalid;
        }

        lock (_lock)
        {
            var name = body.GetName()!;
            if (Find(route.ResourceKey, route.Namespace, name) is not null)
            {
                return FakeResult.Error(409, "AlreadyExists", $"{type.Plural} \"{name}\" already exists", Details(type, name));
            }

            var stored = new StoredObject((JsonObject)body.DeepClone());
            stored.Fields.RecordUpdate(null, stored.Object, manager, status: false, HasStatus(route));
            return Insert(route, stored);
        }
    }

    /// <summary>Adds a new object with the metadata the server owns.</summary>
    private FakeResult Insert(FakeRoute route, StoredObject stored)
    {
        var obj = stored.Object;
        var meta = obj["metadata"]!.AsObject();
        meta["namespace"] = route.Namespace;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["generation"] = 1;
        meta["creationTimestamp"] = Timestamp();
        meta.Remove("deletionTimestamp");
        if (HasStatus(route))
        {
            obj.Remove("status");
        }

        Commit(route, stored, "ADDED");
        ObjectsOf(route.ResourceKey)[Key(route.Namespace, obj.GetName()!)] = stored;
        return new FakeResult(201, obj.DeepClone());
    }

    /// <summary>PUT of the object or of its status subresource.</summary>
    public FakeResult Replace(FakeRoute route, JsonObject body, string manager)
    {
        var type = TypeOf(route)!;
        if (Validate(route, type, body) is { } invalid)
        {
            return invalid;
        }

        lock (_lock)
        {
            var stored = Find(route.ResourceKey, route.Namespace, route.Name!);
            if (stored is null)
            {
                return NotFound(route);
            }

            return CheckVersion(route, stored, body) ?? Update(route, stored, body, manager);
        }
    }

    public FakeResult Patch(FakeRoute route, string contentType, JsonNode? body, string? manager, bool force)
    {
        var type = TypeOf(route)!;
        lock (_lock)
        {
            var stored = Find(route.ResourceKey, route.Namespace, route.Name!);
            if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal))
            {
                return Apply(route, type, stored, body as JsonObject, manager, force);
            }

            if (stored is null)
            {
                return NotFound(route);
            }

            var patched = (JsonObject)stored.Object.DeepClone();
            if (contentType.StartsWith("application/json-patch", StringComparison.Ordinal))
            {
                try
                {
                    JsonPatch.Apply(patched, body as JsonArray ?? throw new InvalidOperationException("a JSON patch is an array"));
                }
                catch (InvalidOperationException e)
                {
                    return FakeResult.Error(422, "Invalid", e.Message);
                }
            }
            else
            {
                // Merge and (approximately) strategic merge patch. A resourceVersion in the patch is a precondition.
                if ((body as JsonObject)?["metadata"]?["resourceVersion"] is not null && CheckVersion(route, stored, (JsonObject)body!) is { } conflict)
                {
                    return conflict;
                }

                patched = MergePatch.Apply(patched, body) as JsonObject ?? patched;
            }

            return Update(route, stored, patched, manager ?? "unknown");
        }
    }

    public FakeResult Delete(FakeRoute route, JsonObject? options)
    {
        lock (_lock)
        {
            LastDeleteOptions = options;
            var stored = Find(route.ResourceKey, route.Namespace, route.Name!);
            if (stored is null)
            {
                return NotFound(route);
            }

            var meta = stored.Object["metadata"]!.AsObject();
            var preconditions = options?["preconditions"];
            if ((string?)preconditions?["uid"] is { } uid && uid != (string?)meta["uid"])
            {
                return FakeResult.Error(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta["uid"]}");
            }

            if ((string?)preconditions?["resourceVersion"] is { } rv && rv != (string?)meta["resourceVersion"])
            {
                return FakeResult.Error(409, "Conflict", $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {meta["resourceVersion"]}");
            }

            if (meta["finalizers"] is JsonArray { Count: > 0 })
            {
                // Finalizers hold the object: only mark it; removing the last finalizer deletes it.
                if (meta["deletionTimestamp"] is null)
                {
                    meta["deletionTimestamp"] = Timestamp();
                    meta["deletionGracePeriodSeconds"] = 0;
                    Commit(route, stored, "MODIFIED");
                }

                return FakeResult.Ok(stored.Object.DeepClone());
            }

            Remove(route, stored);
            return FakeResult.Ok(stored.Object.DeepClone());
        }
    }

    /// <summary>
    /// What a watch from <paramref name="since"/> should send now, the position after it, and a task
    /// that completes at the next change (or bookmark/close request).
    /// </summary>
    public (List<HistoryEntry> Entries, long Cursor, Task Signal, int BookmarkGeneration, int CloseGeneration) Poll(FakeRoute route, string? labelSelector, long since)
    {
        var selector = LabelSelector.Parse(labelSelector);
        lock (_lock)
        {
            var entries = _history
                .Where(e => e.ResourceVersion > since && e.ResourceKey == route.ResourceKey
                    && (route.Namespace is null || e.Snapshot.GetNamespace() == route.Namespace)
                    && selector.Matches(Labels(e.Snapshot)))
                .ToList();
            return (entries, _resourceVersion, _changed.Task, _bookmarkGeneration, _closeGeneration);
        }
    }

    /// <summary>True when a watch from <paramref name="since"/> can no longer be served (410 Gone).</summary>
    public bool IsCompacted(long since)
    {
        lock (_lock)
        {
            return since < _compactedBelow;
        }
    }

    /// <summary>The current objects as ADDED entries, for a watch without a resourceVersion.</summary>
    public (List<HistoryEntry> Entries, long Cursor) Snapshot(FakeRoute route, string? labelSelector)
    {
        var selector = LabelSelector.Parse(labelSelector);
        lock (_lock)
        {
            var entries = Matching(route, selector)
                .Select(o => new HistoryEntry(long.Parse((string)o["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture), route.ResourceKey, "ADDED", o.DeepClone().AsObject()))
                .ToList();
            return (entries, _resourceVersion);
        }
    }

    /// <summary>Forgets history: watches from any earlier resourceVersion get 410 Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _compactedBelow = _resourceVersion;
            _history.Clear();
        }
    }

    public void RequestBookmark()
    {
        lock (_lock)
        {
            _bookmarkGeneration++;
            Pulse();
        }
    }

    public void CloseWatches()
    {
        lock (_lock)
        {
            _closeGeneration++;
            Pulse();
        }
    }

    public int BookmarkGeneration
    {
        get
        {
            lock (_lock)
            {
                return _bookmarkGeneration;
            }
        }
    }

    public int CloseGeneration
    {
        get
        {
            lock (_lock)
            {
                return _closeGeneration;
            }
        }
    }

    private FakeResult Apply(FakeRoute route, ResourceType type, StoredObject? stored, JsonObject? body, string? manager, bool force)
    {
        if (body is null || string.IsNullOrEmpty(manager))
        {
            return FakeResult.Error(400, "BadRequest", "apply needs a body and a fieldManager");
        }

        if ((string?)body["apiVersion"] != type.ApiVersion || (string?)body["kind"] != type.Kind || body.GetName() != route.Name)
        {
            return FakeResult.Error(400, "BadRequest", "apply body must carry the apiVersion, kind and name of the target");
        }

        bool status = route.Subresource == "status";
        bool creating = stored is null;
        if (stored is null)
        {
            if (status)
            {
                return NotFound(route);
            }

            stored = new StoredObject(new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = new JsonObject { ["name"] = route.Name } });
        }

        var proposed = (JsonObject)stored.Object.DeepClone();
        var conflicts = stored.Fields.Apply(proposed, body, manager, force, status, HasStatus(route));
        if (conflicts.Count > 0)
        {
            var causes = new JsonArray();
            foreach (var (other, path) in conflicts)
            {
                causes.Add(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with \"{other}\"", ["field"] = FieldPaths.Display(path) });
            }

            var text = string.Join(", ", conflicts.Select(c => $"conflict with \"{c.Manager}\": {FieldPaths.Display(c.Path)}"));
            var details = Details(type, route.Name!);
            details["causes"] = causes;
            return FakeResult.Error(409, "Conflict", $"Apply failed with {conflicts.Count} conflict(s): {text}", details);
        }

        if (creating)
        {
            stored.Object = proposed;
            return Insert(route, stored);
        }

        return Update(route, stored, proposed, manager: null);
    }

    /// <summary>
    /// Stores a new version: keeps server-owned metadata, separates status from the rest, bumps
    /// generation only when the spec side changed, and finishes a deletion once no finalizer is left.
    /// </summary>
    private FakeResult Update(FakeRoute route, StoredObject stored, JsonObject proposed, string? manager)
    {
        var old = stored.Object;
        bool status = route.Subresource == "status";
        bool hasStatus = HasStatus(route);
        JsonObject next;
        if (status)
        {
            next = (JsonObject)old.DeepClone();
            next["status"] = proposed["status"]?.DeepClone();
        }
        else
        {
            next = (JsonObject)proposed.DeepClone();
            if (hasStatus)
            {
                next["status"] = old["status"]?.DeepClone();
            }

            var meta = next["metadata"] as JsonObject ?? [];
            next["metadata"] = meta;
            var oldMeta = old["metadata"]!.AsObject();
            foreach (var kept in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
            {
                if (oldMeta[kept] is { } value)
                {
                    meta[kept] = value.DeepClone();
                }
                else
                {
                    meta.Remove(kept);
                }
            }
        }

        next["metadata"]!["resourceVersion"] = old["metadata"]!["resourceVersion"]?.DeepClone();
        if (next["status"] is null)
        {
            next.Remove("status");
        }

        if (JsonNode.DeepEquals(old, next))
        {
            // A no-op write does not move the resourceVersion (and sends no watch event), like the real server.
            return FakeResult.Ok(old.DeepClone());
        }

        if (manager is not null)
        {
            stored.Fields.RecordUpdate(old, next, manager, status, hasStatus);
        }

        if (!JsonNode.DeepEquals(SpecSide(old, hasStatus), SpecSide(next, hasStatus)))
        {
            next["metadata"]!["generation"] = (old.GetGeneration() ?? 0) + 1;
        }

        stored.Object = next;
        var nextMeta = next["metadata"]!.AsObject();
        if (nextMeta["deletionTimestamp"] is not null && nextMeta["finalizers"] is not JsonArray { Count: > 0 })
        {
            Remove(route, stored);
            return FakeResult.Ok(stored.Object.DeepClone());
        }

        Commit(route, stored, "MODIFIED");
        return FakeResult.Ok(next.DeepClone());
    }

    private FakeResult? CheckVersion(FakeRoute route, StoredObject stored, JsonObject body)
    {
        var wanted = body.GetResourceVersion();
        var actual = stored.Object.GetResourceVersion();
        if (!string.IsNullOrEmpty(wanted) && wanted != actual)
        {
            return FakeResult.Error(
                409,
                "Conflict",
                $"Operation cannot be fulfilled on {route.Plural} \"{route.Name}\": the object has been modified; please apply your changes to the latest version and try again",
                Details(TypeOf(route)!, route.Name!));
        }

        return null;
    }

    private FakeResult? Validate(FakeRoute route, ResourceType type, JsonObject body)
    {
        if (string.IsNullOrEmpty(body.GetName()))
        {
            return FakeResult.Error(422, "Invalid", "metadata.name: Required value");
        }

        if (route.Name is not null && body.GetName() != route.Name)
        {
            return FakeResult.Error(400, "BadRequest", "the name of the object does not match the name on the URL");
        }

        if (body.GetNamespace() is { Length: > 0 } ns && ns != route.Namespace)
        {
            return FakeResult.Error(400, "BadRequest", "the namespace of the object does not match the namespace on the request");
        }

        if ((string?)body["kind"] is { } kind && kind != type.Kind)
        {
            return FakeResult.Error(400, "BadRequest", $"kind {kind} does not match {type.Kind}");
        }

        return null;
    }

    private void Commit(FakeRoute route, StoredObject stored, string eventType)
    {
        stored.Object["metadata"]!["resourceVersion"] = Rv(++_resourceVersion);
        _history.Add(new HistoryEntry(_resourceVersion, route.ResourceKey, eventType, stored.Object.DeepClone().AsObject()));
        Pulse();
    }

    private void Remove(FakeRoute route, StoredObject stored)
    {
        ObjectsOf(route.ResourceKey).Remove(Key(stored.Object.GetNamespace(), stored.Object.GetName()!));
        Commit(route, stored, "DELETED");
    }

    private void Pulse()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private IEnumerable<JsonObject> Matching(FakeRoute route, LabelSelector selector) =>
        ObjectsOf(route.ResourceKey).Values
            .Select(s => s.Object)
            .Where(o => (route.Namespace is null || o.GetNamespace() == route.Namespace) && selector.Matches(Labels(o)));

    private StoredObject? Find(string resourceKey, string? ns, string name) =>
        ObjectsOf(resourceKey).GetValueOrDefault(Key(ns, name));

    private SortedDictionary<string, StoredObject> ObjectsOf(string resourceKey)
    {
        if (!_objects.TryGetValue(resourceKey, out var objects))
        {
            objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[resourceKey] = objects;
        }

        return objects;
    }

    private bool HasStatus(FakeRoute route) => !Statusless.Contains(route.ResourceKey);

    private static JsonObject SpecSide(JsonObject obj, bool hasStatus)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        if (hasStatus)
        {
            copy.Remove("status");
        }

        return copy;
    }

    private static Dictionary<string, string> Labels(JsonObject obj) =>
        (obj["metadata"]?["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => (string?)p.Value ?? "") ?? [];

    private FakeResult NotFound(FakeRoute route) =>
        FakeResult.Error(404, "NotFound", $"{route.Plural} \"{route.Name}\" not found", TypeOf(route) is { } t ? Details(t, route.Name ?? "") : null);

    private static JsonObject Details(ResourceType type, string name) => new() { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural };

    private string Timestamp() => timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private static string Rv(long rv) => rv.ToString(CultureInfo.InvariantCulture);
}
