using System.Text.Json.Nodes;

namespace Zk.Operator.Kube;

/// <summary>
/// Lists in pages of <see cref="KubernetesApiOptions.ListPageSize"/> (the API's limit), following metadata.continue
/// as client-go's pager does, so a namespace with thousands of pods is never one response. A continue token the
/// server no longer honours (410 Expired: its snapshot left the history window) restarts the list from the first page.
/// </summary>
public sealed partial class KubernetesApi
{
    /// <summary>Restarts of a list whose continue token expired, before the expiry is reported as an error.</summary>
    private const int MaxListRestarts = 3;

    public async Task<KubeList> ListAsync(ResourceType type, string? @namespace = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        for (int restarts = 0; ; restarts++)
        {
            try
            {
                return await ListPagesAsync(type, @namespace, labelSelector, cancellationToken);
            }
            catch (ContinueExpiredException) when (restarts < MaxListRestarts)
            {
                // The snapshot the pages came from is gone: a consistent list needs all of them from a new one.
            }
            catch (ContinueExpiredException e)
            {
                throw e.Error;
            }
        }
    }

    private async Task<KubeList> ListPagesAsync(ResourceType type, string? @namespace, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? continueToken = null;
        string resourceVersion = "";
        do
        {
            JsonObject page;
            try
            {
                page = await ListPageAsync(type, @namespace, labelSelector, continueToken, cancellationToken);
            }
            catch (KubeApiException e) when (continueToken is not null && e.IsGone)
            {
                throw new ContinueExpiredException(e);
            }

            foreach (var node in page["items"] as JsonArray ?? [])
            {
                if (node is JsonObject item)
                {
                    // Lists omit apiVersion/kind on items; restoring them keeps items usable as manifests.
                    item["apiVersion"] ??= type.ApiVersion;
                    item["kind"] ??= type.Kind;
                    items.Add(item);
                }
            }

            // Every page of one list is served from the same snapshot, so each carries its resourceVersion.
            resourceVersion = (string?)page["metadata"]?["resourceVersion"] ?? resourceVersion;
            continueToken = (string?)page["metadata"]?["continue"] is { Length: > 0 } next ? next : null;
        }
        while (continueToken is not null);

        return new KubeList(items, resourceVersion);
    }

    private Task<JsonObject> ListPageAsync(ResourceType type, string? @namespace, string? labelSelector, string? continueToken, CancellationToken cancellationToken)
    {
        int limit = _options.ListPageSize;
        return CallAsync(
            () => @namespace is null
                ? _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonObject>(
                    type.Group, type.Version, type.Plural, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken)
                : _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                    type.Group, type.Version, @namespace, type.Plural, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken),
            $"list {type.Plural}");
    }

    /// <summary>A 410 on a continued list: its token expired and the list starts again.</summary>
    private sealed class ContinueExpiredException(KubeApiException error) : Exception(error.Message, error)
    {
        public KubeApiException Error { get; } = error;
    }
}
