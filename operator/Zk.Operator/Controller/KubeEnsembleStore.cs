using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;

namespace Zk.Operator.Controller;

/// <summary><see cref="IEnsembleStore"/> over the Kubernetes API.</summary>
public sealed class KubeEnsembleStore(IKubeApi api, TimeProvider time, JsonLog log, string reportingInstance) : IEnsembleStore
{
    public const string Component = "zk-operator";

    public async Task<JsonObject> AddFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken)
    {
        var finalizers = entity.GetMetadata().Finalizers ?? [];
        if (finalizers.Contains(finalizer))
        {
            return entity;
        }

        return await PatchFinalizersAsync(entity, [.. finalizers, finalizer], cancellationToken);
    }

    public async Task<JsonObject?> RemoveFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken)
    {
        var finalizers = entity.GetMetadata().Finalizers ?? [];
        if (!finalizers.Contains(finalizer))
        {
            return entity;
        }

        try
        {
            var updated = await PatchFinalizersAsync(entity, [.. finalizers.Where(f => f != finalizer)], cancellationToken);
            return updated["metadata"]?["deletionTimestamp"] is not null && updated.GetMetadata().Finalizers is not { Count: > 0 } ? null : updated;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<JsonObject> WriteStatusAsync(JsonObject entity, ZkEnsembleStatus status, CancellationToken cancellationToken)
    {
        // PUT with the resourceVersion read: a status computed from an older spec never overwrites a newer one.
        var updated = entity.DeepClone().AsObject();
        updated["status"] = ZkJson.ToJsonObject(status);
        return await api.UpdateStatusAsync(ResourceType.ZkEnsemble, updated, cancellationToken);
    }

    public async Task RecordEventAsync(JsonObject entity, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var meta = entity.GetMetadata();
        var kubeEvent = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // Unique per event, like client-go's recorder (name.timestamp-in-hex).
                Name = $"{meta.Name}.{now.UtcTicks.ToString("x", CultureInfo.InvariantCulture)}",
                NamespaceProperty = meta.NamespaceProperty,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = ZkEnsemble.ApiVersionValue,
                Kind = ZkEnsemble.KindName,
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = Component },
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Count = 1,
            ReportingComponent = Component,
            ReportingInstance = reportingInstance,
        };
        try
        {
            await api.CreateEventAsync(kubeEvent, cancellationToken);
        }
        catch (KubeApiException e)
        {
            log.Warn("event not recorded", ("reason", reason), ("error", e.Message));
        }
    }

    private async Task<JsonObject> PatchFinalizersAsync(JsonObject entity, List<string> finalizers, CancellationToken cancellationToken)
    {
        // A merge patch replaces the list; the resourceVersion makes it fail rather than drop another controller's finalizer.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]),
                ["resourceVersion"] = entity.GetResourceVersion(),
            },
        };
        return await api.PatchAsync(ResourceType.ZkEnsemble, entity.GetNamespace(), entity.GetName()!, PatchType.Merge, patch, cancellationToken);
    }
}
