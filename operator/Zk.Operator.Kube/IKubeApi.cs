using System.Text.Json.Nodes;
using k8s.Models;

namespace Zk.Operator.Kube;

/// <summary>
/// The operator's seam to the Kubernetes API. Objects travel as <see cref="JsonObject"/> manifests
/// (with <see cref="KubeObject"/> for typed metadata) so that the pure builders in Zk.Operator.Core
/// need no reference to this project. The namespace of create/replace/apply comes from the
/// manifest's metadata.namespace.
/// Errors: <see cref="ConflictException"/> for 409, <see cref="KubeApiException"/> for the rest;
/// 429, 5xx and connection failures are retried inside the implementation (<see cref="KubernetesApi"/> over the official client).
/// </summary>
public interface IKubeApi
{
    /// <summary>The object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>All objects in the namespace (all namespaces when null), optionally filtered by label selector.</summary>
    Task<KubeList> ListAsync(ResourceType type, string? @namespace = null, string? labelSelector = null, CancellationToken cancellationToken = default);

    Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>PUT; fails with <see cref="ConflictException"/> when metadata.resourceVersion is stale.</summary>
    Task<JsonObject> ReplaceAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>PUT to the status subresource: only .status changes, generation does not move.</summary>
    Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>False when the object was already gone. With finalizers the object stays, marked for deletion.</summary>
    Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>A merge patch (JSON object) or JSON patch (JSON array of operations).</summary>
    Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken = default);

    /// <summary>Server-side apply of a (partial) manifest; creates the object when missing.</summary>
    Task<JsonObject> ApplyAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>Server-side apply to the status subresource; the manifest carries apiVersion, kind, metadata.name and status.</summary>
    Task<JsonObject> ApplyStatusAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// List-then-watch until cancelled: yields the list, then changes in order, reconnecting when a
    /// watch request times out and re-listing (yielding <see cref="WatchUpdateKind.Relisted"/>) when
    /// the server answers 410 Gone.
    /// </summary>
    IAsyncEnumerable<WatchUpdate> WatchAsync(ResourceType type, string? @namespace = null, WatchOptions? options = null, CancellationToken cancellationToken = default);

    Task<Corev1Event> CreateEventAsync(Corev1Event kubeEvent, CancellationToken cancellationToken = default);
}
