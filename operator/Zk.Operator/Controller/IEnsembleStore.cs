using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Controller;

/// <summary>
/// Where the ZkEnsemble resource itself lives: its finalizers, its status and its events. The Kubernetes
/// API in production (<see cref="KubeEnsembleStore"/>), memory for <c>zk-operator local</c>
/// (<see cref="InMemoryEnsembleStore"/>). Writes carry the resourceVersion read, so a stale write fails
/// with <see cref="Kube.ConflictException"/> and the controller requeues instead of overwriting.
/// </summary>
public interface IEnsembleStore
{
    /// <summary>The object with <paramref name="finalizer"/> added.</summary>
    Task<JsonObject> AddFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken);

    /// <summary>The object without <paramref name="finalizer"/>, or null when that removal deleted it.</summary>
    Task<JsonObject?> RemoveFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken);

    /// <summary>Writes the status subresource; returns the updated object.</summary>
    Task<JsonObject> WriteStatusAsync(JsonObject entity, ZkEnsembleStatus status, CancellationToken cancellationToken);

    /// <summary>Records an event about the ensemble (<c>kubectl describe</c>); failures are not the caller's problem.</summary>
    Task RecordEventAsync(JsonObject entity, string type, string reason, string message, CancellationToken cancellationToken);
}
