using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Zk.Operator.Kube;

/// <summary>
/// <see cref="IKubeApi"/> over the official client (<see cref="k8s.Kubernetes"/>). Manifests stay
/// <see cref="JsonObject"/>s at this boundary (the pure builders produce them) and travel through the
/// client's generic object operations, which address any group, core included; Events go through the
/// typed CoreV1 API. Server-side apply is the client's patch with <see cref="V1Patch.PatchType.ApplyPatch"/>,
/// fieldManager and force. Errors become <see cref="KubeApiException"/>/<see cref="ConflictException"/>;
/// 429, 5xx and connection failures are retried by <see cref="RetryHandler"/> under the client.
/// </summary>
public sealed partial class KubernetesApi : IKubeApi, IDisposable
{
    private readonly IKubernetes _client;
    private readonly KubernetesApiOptions _options;

    private KubernetesApi(IKubernetes client, KubernetesApiOptions options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>The official client underneath, for what takes one directly (the Lease lock of leader election).</summary>
    public IKubernetes Client => _client;

    /// <summary>A client for a loaded configuration (in-cluster or kubeconfig, from the library) with our retries.</summary>
    /// <param name="handlers">More handlers under the retries (tests use them to cut the connection).</param>
    public static KubernetesApi Create(KubernetesClientConfiguration config, KubernetesApiOptions? options = null, params DelegatingHandler[] handlers)
    {
        options ??= new KubernetesApiOptions();
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1");
        }

        if (options.ListPageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"ListPageSize must be at least 1, not {options.ListPageSize}");
        }

        return new KubernetesApi(new Kubernetes(config, [new RetryHandler(options), .. handlers]), options);
    }

    public void Dispose() => _client.Dispose();

    public async Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CallAsync(
                () => @namespace is null
                    ? _client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken)
                    : _client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(type.Group, type.Version, @namespace, type.Plural, name, cancellationToken: cancellationToken),
                $"get {type.Plural} {name}");
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var ns = NamespaceOf(type, obj);
        return CallAsync(
            () => ns is null
                ? _client.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, type.Plural, cancellationToken: cancellationToken)
                : _client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, ns, type.Plural, cancellationToken: cancellationToken),
            $"create {type.Plural}");
    }

    public Task<JsonObject> ReplaceAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var (ns, name) = (NamespaceOf(type, obj), NameOf(obj));
        return CallAsync(
            () => ns is null
                ? _client.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken)
                : _client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken),
            $"replace {type.Plural} {name}");
    }

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var (ns, name) = (NamespaceOf(type, obj), NameOf(obj));
        return CallAsync(
            () => ns is null
                ? _client.CustomObjects.ReplaceClusterCustomObjectStatusWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken)
                : _client.CustomObjects.ReplaceNamespacedCustomObjectStatusWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken),
            $"replace status of {type.Plural} {name}");
    }

    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync(
                () => @namespace is null
                    ? _client.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync<JsonObject>(type.Group, type.Version, type.Plural, name, body: options, cancellationToken: cancellationToken)
                    : _client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(type.Group, type.Version, @namespace, type.Plural, name, body: options, cancellationToken: cancellationToken),
                $"delete {type.Plural} {name}");
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken = default)
    {
        var body = new V1Patch(patch.ToJsonString(), patchType switch
        {
            PatchType.Merge => V1Patch.PatchType.MergePatch,
            PatchType.Json => V1Patch.PatchType.JsonPatch,
            PatchType.StrategicMerge => V1Patch.PatchType.StrategicMergePatch,
            _ => throw new ArgumentOutOfRangeException(nameof(patchType)),
        });
        return PatchCoreAsync(type, @namespace, name, body, null, null, subresource: false, cancellationToken);
    }

    public Task<JsonObject> ApplyAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default) =>
        ApplyCoreAsync(type, manifest, options, subresource: false, cancellationToken);

    public Task<JsonObject> ApplyStatusAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default) =>
        ApplyCoreAsync(type, manifest, options, subresource: true, cancellationToken);

    public Task<Corev1Event> CreateEventAsync(Corev1Event kubeEvent, CancellationToken cancellationToken = default)
    {
        var ns = kubeEvent.Metadata?.NamespaceProperty ?? throw new ArgumentException("an event needs metadata.namespace", nameof(kubeEvent));
        return CallAsync(() => _client.CoreV1.CreateNamespacedEventWithHttpMessagesAsync(kubeEvent, ns, cancellationToken: cancellationToken), "create event");
    }

    private Task<JsonObject> ApplyCoreAsync(ResourceType type, JsonObject manifest, ApplyOptions options, bool subresource, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.FieldManager);
        var body = manifest;
        if (manifest["apiVersion"] is null || manifest["kind"] is null)
        {
            body = (JsonObject)manifest.DeepClone();
            body["apiVersion"] ??= type.ApiVersion;
            body["kind"] ??= type.Kind;
        }

        // JSON is YAML, so the apply content type takes the JSON text unchanged.
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        return PatchCoreAsync(type, NamespaceOf(type, manifest), NameOf(manifest), patch, options.FieldManager, options.Force ? true : null, subresource, cancellationToken);
    }

    private Task<JsonObject> PatchCoreAsync(
        ResourceType type, string? ns, string name, V1Patch body, string? fieldManager, bool? force, bool subresource, CancellationToken cancellationToken)
    {
        var custom = _client.CustomObjects;
        return CallAsync(
            () => (ns, subresource) switch
            {
                (null, false) => custom.PatchClusterCustomObjectWithHttpMessagesAsync<JsonObject>(
                    body, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: cancellationToken),
                (null, true) => custom.PatchClusterCustomObjectStatusWithHttpMessagesAsync<JsonObject>(
                    body, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: cancellationToken),
                (_, false) => custom.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                    body, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: cancellationToken),
                (_, true) => custom.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<JsonObject>(
                    body, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: cancellationToken),
            },
            $"patch {type.Plural} {name}");
    }

    /// <summary>Runs one call of the official client and returns its body; error answers become our exceptions.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<HttpOperationResponse<T>>> call, string what)
    {
        try
        {
            using var response = await call();
            return response.Body ?? throw new KubeApiException($"{what}: empty response");
        }
        catch (HttpOperationException e)
        {
            throw ToException(e, what);
        }
        catch (HttpRequestException e)
        {
            throw new KubeApiException($"{what} failed: {e.Message}", e);
        }
    }

    internal static KubeApiException ToException(HttpOperationException e, string what)
    {
        var code = e.Response?.StatusCode ?? HttpStatusCode.InternalServerError;
        var status = ParseStatus(e.Response?.Content);
        var message = status?.Message is { Length: > 0 } m
            ? $"{what}: {(int)code} {status.Reason}: {m}"
            : $"{what}: {(int)code} {e.Response?.ReasonPhrase}: {Truncate(e.Response?.Content ?? "", 512)}";
        return code == HttpStatusCode.Conflict ? new ConflictException(status, message, e) : new KubeApiException(code, status, message, e);
    }

    /// <summary>A metav1.Status from an error body, or null when the body is something else (a proxy's HTML page).</summary>
    internal static V1Status? ParseStatus(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(text);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "...";

    private static string? NamespaceOf(ResourceType type, JsonObject obj)
    {
        if (!type.Namespaced)
        {
            return null;
        }

        var ns = obj.GetNamespace();
        return string.IsNullOrEmpty(ns) ? throw new ArgumentException($"a {type.Kind} needs metadata.namespace", nameof(obj)) : ns;
    }

    private static string NameOf(JsonObject obj)
    {
        var name = obj.GetName();
        return string.IsNullOrEmpty(name) ? throw new ArgumentException("the object needs metadata.name", nameof(obj)) : name;
    }
}
