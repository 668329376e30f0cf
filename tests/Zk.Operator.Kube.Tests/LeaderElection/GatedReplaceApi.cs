using System.Text.Json.Nodes;
using Zk.Operator.Kube.Models;

namespace Zk.Operator.Kube.Tests.LeaderElection;

/// <summary>Forwards to a real client but holds every Replace until <see cref="Gate"/> opens, to interleave two writers.</summary>
internal sealed class GatedReplaceApi(IKubeApi inner) : IKubeApi
{
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReachedReplace { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<JsonObject> ReplaceAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        ReachedReplace.TrySetResult();
        await Gate.Task.WaitAsync(cancellationToken);
        return await inner.ReplaceAsync(type, obj, cancellationToken);
    }

    public Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default) => inner.GetAsync(type, @namespace, name, cancellationToken);

    public Task<KubeList> ListAsync(ResourceType type, string? @namespace = null, string? labelSelector = null, CancellationToken cancellationToken = default) => inner.ListAsync(type, @namespace, labelSelector, cancellationToken);

    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default) => inner.CreateAsync(type, obj, cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default) => inner.UpdateStatusAsync(type, obj, cancellationToken);

    public Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(type, @namespace, name, options, cancellationToken);

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken = default) => inner.PatchAsync(type, @namespace, name, patchType, patch, cancellationToken);

    public Task<JsonObject> ApplyAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default) => inner.ApplyAsync(type, manifest, options, cancellationToken);

    public Task<JsonObject> ApplyStatusAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default) => inner.ApplyStatusAsync(type, manifest, options, cancellationToken);

    public IAsyncEnumerable<WatchUpdate> WatchAsync(ResourceType type, string? @namespace = null, WatchOptions? options = null, CancellationToken cancellationToken = default) => inner.WatchAsync(type, @namespace, options, cancellationToken);

    public Task<Event> CreateEventAsync(Event kubeEvent, CancellationToken cancellationToken = default) => inner.CreateEventAsync(kubeEvent, cancellationToken);
}
