using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;

namespace Zk.Operator.Controller;

/// <summary>
/// <see cref="IEnsembleStore"/> without Kubernetes, for <c>zk-operator local</c>: the resource lives in
/// memory, events go to the log, and the resourceVersion still moves so stale writes conflict as they would.
/// </summary>
public sealed class InMemoryEnsembleStore(JsonLog log) : IEnsembleStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<(string Type, string Reason, string Message)> _events = [];
    private long _resourceVersion;

    public IReadOnlyList<(string Type, string Reason, string Message)> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Stores (or replaces) the resource, as a user applying a manifest would; bumps generation when the spec changes.</summary>
    public JsonObject Put(JsonObject entity)
    {
        lock (_lock)
        {
            var copy = entity.DeepClone().AsObject();
            string key = copy.GetKey();
            long generation = 1;
            if (_objects.TryGetValue(key, out var old))
            {
                generation = old.GetGeneration() ?? 1;
                if (!JsonNode.DeepEquals(old["spec"], copy["spec"]))
                {
                    generation++;
                }

                copy["status"] = old["status"]?.DeepClone();
                copy["metadata"]!["finalizers"] = old["metadata"]?["finalizers"]?.DeepClone();
                copy["metadata"]!["uid"] = old["metadata"]?["uid"]?.DeepClone();
            }
            else
            {
                copy["metadata"]!["uid"] = "local-" + key.Replace('/', '-');
            }

            copy["metadata"]!["generation"] = generation;
            return Commit(key, copy);
        }
    }

    public JsonObject? Get(string key)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(key, out var obj) ? obj.DeepClone().AsObject() : null;
        }
    }

    public Task<JsonObject> AddFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken) =>
        Task.FromResult(Update(entity, obj =>
        {
            var list = obj["metadata"]!["finalizers"] as JsonArray ?? [];
            if (!list.Any(f => (string?)f == finalizer))
            {
                list.Add(finalizer);
            }

            obj["metadata"]!["finalizers"] = list.DeepClone();
        })!);

    public Task<JsonObject?> RemoveFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken) =>
        Task.FromResult(Update(entity, obj =>
        {
            var kept = (obj["metadata"]!["finalizers"] as JsonArray ?? []).Where(f => (string?)f != finalizer).Select(f => f!.DeepClone());
            obj["metadata"]!["finalizers"] = new JsonArray([.. kept]);
        }));

    public Task<JsonObject> WriteStatusAsync(JsonObject entity, ZkEnsembleStatus status, CancellationToken cancellationToken) =>
        Task.FromResult(Update(entity, obj => obj["status"] = ZkJson.ToJsonObject(status))!);

    public Task RecordEventAsync(JsonObject entity, string type, string reason, string message, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _events.Add((type, reason, message));
        }

        log.Info("event", ("object", entity.GetKey()), ("type", type), ("reason", reason), ("message", message));
        return Task.CompletedTask;
    }

    /// <summary>Marks the resource deleted; it goes once no finalizer is left.</summary>
    public void Delete(string key)
    {
        lock (_lock)
        {
            if (_objects.TryGetValue(key, out var obj))
            {
                if (obj["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
                {
                    obj["metadata"]!["deletionTimestamp"] = "deleted";
                    Commit(key, obj);
                }
                else
                {
                    _objects.Remove(key);
                }
            }
        }
    }

    private JsonObject? Update(JsonObject entity, Action<JsonObject> change)
    {
        lock (_lock)
        {
            string key = entity.GetKey();
            if (!_objects.TryGetValue(key, out var current))
            {
                throw new KubeApiException(System.Net.HttpStatusCode.NotFound, null, $"{key} not found");
            }

            if (entity.GetResourceVersion() is { } rv && rv != current.GetResourceVersion())
            {
                throw new ConflictException($"{key} has been modified");
            }

            var next = current.DeepClone().AsObject();
            change(next);
            if (next["metadata"]?["deletionTimestamp"] is not null && next["metadata"]?["finalizers"] is not JsonArray { Count: > 0 })
            {
                _objects.Remove(key);
                return null;
            }

            return Commit(key, next);
        }
    }

    private JsonObject Commit(string key, JsonObject obj)
    {
        obj["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        _objects[key] = obj;
        return obj.DeepClone().AsObject();
    }
}
