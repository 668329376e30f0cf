using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Kube.KubeConfig;
using Zk.Operator.Kube.Models;

namespace Zk.Operator.Kube;

/// <summary>
/// <see cref="IKubeApi"/> over <see cref="HttpClient"/>. Every call is one REST request with bounded
/// retries: 429 (honouring Retry-After), 5xx and connection failures back off exponentially with
/// jitter; other 4xx fail at once. A list-then-watch is a list, then a chain of watch requests
/// resuming from the last resourceVersion seen, re-listing on 410 Gone.
/// </summary>
public sealed class KubeApiClient : IKubeApi, IDisposable
{
    private const string JsonMediaType = "application/json";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly KubeApiClientOptions _options;

    /// <summary>Uses <paramref name="http"/> as is; its BaseAddress is the API server and its handlers do auth.</summary>
    public KubeApiClient(HttpClient http, KubeApiClientOptions? options = null)
        : this(http, ownsHttp: false, options)
    {
    }

    private KubeApiClient(HttpClient http, bool ownsHttp, KubeApiClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        _http = http;
        _ownsHttp = ownsHttp;
        _options = options ?? new KubeApiClientOptions();
        if (_options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1");
        }
    }

    /// <summary>A client for a loaded in-cluster or kubeconfig configuration (TLS and credentials set up).</summary>
    public static KubeApiClient Create(KubeClientConfig config, KubeApiClientOptions? options = null)
    {
        var http = new HttpClient(KubeHttpHandlerFactory.Create(config))
        {
            BaseAddress = config.Server,
            Timeout = TimeSpan.FromSeconds(100),
        };
        return new KubeApiClient(http, ownsHttp: true, options);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    public async Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendForObjectAsync(HttpMethod.Get, type.PathFor(@namespace, name), null, null, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<KubeList> ListAsync(ResourceType type, string? @namespace = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var uri = type.PathFor(@namespace) + Query(("labelSelector", labelSelector));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseContentRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var list = await JsonSerializer.DeserializeAsync(body, KubeJsonContext.Default.ResourceListBody, cancellationToken)
            ?? throw new KubeApiException($"empty list response from {uri}");
        var items = new List<JsonObject>(list.Items?.Count ?? 0);
        foreach (var item in list.Items ?? [])
        {
            if (item is not null)
            {
                // Lists omit apiVersion/kind on items; restoring them keeps items usable as manifests.
                item["apiVersion"] ??= type.ApiVersion;
                item["kind"] ??= type.Kind;
                items.Add(item);
            }
        }

        return new KubeList(items, list.Metadata?.ResourceVersion ?? "");
    }

    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default) =>
        SendForObjectAsync(HttpMethod.Post, type.PathFor(NamespaceOf(type, obj)), JsonMediaType, obj.ToJsonString(), cancellationToken);

    public Task<JsonObject> ReplaceAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default) =>
        SendForObjectAsync(HttpMethod.Put, type.PathFor(NamespaceOf(type, obj), NameOf(obj)), JsonMediaType, obj.ToJsonString(), cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default) =>
        SendForObjectAsync(HttpMethod.Put, type.PathFor(NamespaceOf(type, obj), NameOf(obj), "status"), JsonMediaType, obj.ToJsonString(), cancellationToken);

    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var uri = type.PathFor(@namespace, name);
        var body = options is null ? null : JsonSerializer.Serialize(options, KubeJsonContext.Default.DeleteOptions);
        try
        {
            using var response = await SendAsync(() => Request(HttpMethod.Delete, uri, JsonMediaType, body), HttpCompletionOption.ResponseContentRead, cancellationToken);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch, CancellationToken cancellationToken = default)
    {
        var mediaType = patchType switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Json => "application/json-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => throw new ArgumentOutOfRangeException(nameof(patchType)),
        };
        return SendForObjectAsync(HttpMethod.Patch, type.PathFor(@namespace, name), mediaType, patch.ToJsonString(), cancellationToken);
    }

    public Task<JsonObject> ApplyAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default) =>
        ApplyCoreAsync(type, manifest, options, null, cancellationToken);

    public Task<JsonObject> ApplyStatusAsync(ResourceType type, JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken = default) =>
        ApplyCoreAsync(type, manifest, options, "status", cancellationToken);

    public async Task<Event> CreateEventAsync(Event kubeEvent, CancellationToken cancellationToken = default)
    {
        var uri = ResourceType.Event.PathFor(kubeEvent.Metadata.Namespace ?? throw new ArgumentException("an event needs metadata.namespace", nameof(kubeEvent)));
        var created = await SendForObjectAsync(HttpMethod.Post, uri, JsonMediaType, JsonSerializer.Serialize(kubeEvent, KubeJsonContext.Default.Event), cancellationToken);
        return created.Deserialize(KubeJsonContext.Default.Event) ?? throw new KubeApiException("empty event response");
    }

    public async IAsyncEnumerable<WatchUpdate> WatchAsync(
        ResourceType type,
        string? @namespace = null,
        WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        string? resourceVersion = options.ResourceVersion;
        bool listed = false;
        int streamFailures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (resourceVersion is null)
            {
                var list = await ListAsync(type, @namespace, options.LabelSelector, cancellationToken);
                resourceVersion = list.ResourceVersion;
                yield return WatchUpdate.ForList(relisted: listed, list);
            }

            listed = true;
            using var response = await OpenWatchAsync(type, @namespace, options, resourceVersion, cancellationToken);
            if (response is null)
            {
                resourceVersion = null;
                continue;
            }

            // A connection that dies silently never ends the stream; the server must have closed it
            // by timeoutSeconds, so past that (plus a margin) the stream is given up as broken.
            using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds) + _options.WatchStallMargin, _options.TimeProvider);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(body, Encoding.UTF8);
            while (true)
            {
                var (outcome, watchEvent) = await ReadWatchEventAsync(reader, reading.Token, cancellationToken);
                if (outcome == StreamOutcome.Event)
                {
                    streamFailures = 0;
                    var update = Translate(type, watchEvent!, resourceVersion);
                    if (update is null)
                    {
                        // ERROR 410: our resourceVersion left the server's history window.
                        resourceVersion = null;
                        break;
                    }

                    resourceVersion = update.ResourceVersion;
                    yield return update;
                    continue;
                }

                if (outcome == StreamOutcome.Broken)
                {
                    // The connection dropped mid-stream: resume from where we are, but not in a hot loop.
                    await Task.Delay(Backoff.Delay(streamFailures++, _options.InitialBackoff, _options.MaxBackoff, _options.Random), _options.TimeProvider, cancellationToken);
                }

                break;
            }
        }
    }

    private enum StreamOutcome
    {
        Event,
        Ended,
        Broken,
    }

    private static async Task<(StreamOutcome Outcome, WatchEvent? Event)> ReadWatchEventAsync(StreamReader reader, CancellationToken reading, CancellationToken cancellationToken)
    {
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(reading);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (StreamOutcome.Broken, null);
            }

            if (line is null)
            {
                return (StreamOutcome.Ended, null);
            }

            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                return (StreamOutcome.Event, JsonSerializer.Deserialize(line, KubeJsonContext.Default.WatchEvent));
            }
            catch (JsonException)
            {
                // A torn line means a torn connection; the server never sends partial JSON otherwise.
                return (StreamOutcome.Broken, null);
            }
        }
    }

    /// <summary>The update for one event, or null for 410 Gone; other ERROR events throw.</summary>
    private static WatchUpdate? Translate(ResourceType type, WatchEvent watchEvent, string resourceVersion)
    {
        if (watchEvent.Type == WatchEventType.Error)
        {
            var status = watchEvent.Object.ValueKind == JsonValueKind.Object ? watchEvent.Object.Deserialize(KubeJsonContext.Default.ApiStatus) : null;
            if (status?.Code == (int)HttpStatusCode.Gone || status?.Reason is "Expired" or "Gone")
            {
                return null;
            }

            throw ToException((HttpStatusCode)(status?.Code ?? 500), status, $"watch of {type.Plural} failed");
        }

        var obj = JsonObject.Create(watchEvent.Object)
            ?? throw new KubeApiException($"watch event {watchEvent.Type} of {type.Plural} without an object");
        var rv = obj.GetResourceVersion() ?? resourceVersion;
        var kind = watchEvent.Type switch
        {
            WatchEventType.Added => WatchUpdateKind.Added,
            WatchEventType.Modified => WatchUpdateKind.Modified,
            WatchEventType.Deleted => WatchUpdateKind.Deleted,
            WatchEventType.Bookmark => WatchUpdateKind.Bookmark,
            _ => throw new KubeApiException($"unknown watch event type '{watchEvent.Type}'"),
        };
        return WatchUpdate.ForObject(kind, rv, kind == WatchUpdateKind.Bookmark ? null : obj);
    }

    /// <summary>The open watch response, or null when the resourceVersion is too old (HTTP 410).</summary>
    private async Task<HttpResponseMessage?> OpenWatchAsync(ResourceType type, string? @namespace, WatchOptions options, string resourceVersion, CancellationToken cancellationToken)
    {
        var uri = type.PathFor(@namespace) + Query(
            ("watch", "true"),
            ("resourceVersion", resourceVersion),
            ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)),
            ("labelSelector", options.LabelSelector));
        try
        {
            return await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsGone)
        {
            return null;
        }
    }

    private Task<JsonObject> ApplyCoreAsync(ResourceType type, JsonObject manifest, ApplyOptions options, string? subresource, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.FieldManager);
        var body = manifest;
        if (manifest["apiVersion"] is null || manifest["kind"] is null)
        {
            body = (JsonObject)manifest.DeepClone();
            body["apiVersion"] ??= type.ApiVersion;
            body["kind"] ??= type.Kind;
        }

        var uri = type.PathFor(NamespaceOf(type, manifest), NameOf(manifest), subresource) + Query(
            ("fieldManager", options.FieldManager),
            ("force", options.Force ? "true" : null));

        // JSON is YAML, so the apply content type takes the JSON text unchanged.
        return SendForObjectAsync(HttpMethod.Patch, uri, "application/apply-patch+yaml", body.ToJsonString(), cancellationToken);
    }

    private async Task<JsonObject> SendForObjectAsync(HttpMethod method, string uri, string? mediaType, string? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(method, uri, mediaType, body), HttpCompletionOption.ResponseContentRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject
            ?? throw new KubeApiException($"{method} {uri} returned no object");
    }

    private static HttpRequestMessage Request(HttpMethod method, string uri, string? mediaType, string? body)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType ?? JsonMediaType);
        }

        return request;
    }

    /// <summary>
    /// Sends with bounded retries. Each attempt builds a fresh request since a request message
    /// cannot be sent twice. Returns only success responses; errors become exceptions.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> buildRequest, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            bool last = attempt >= _options.MaxAttempts;
            HttpResponseMessage response;
            using (var request = buildRequest())
            {
                try
                {
                    response = await _http.SendAsync(request, completion, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Connection refused/reset or HttpClient.Timeout: the server may be restarting.
                    if (last)
                    {
                        throw new KubeApiException($"{request.Method} {request.RequestUri} failed after {attempt} attempts: {e.Message}", e);
                    }

                    await DelayAsync(Backoff.Delay(attempt - 1, _options.InitialBackoff, _options.MaxBackoff, _options.Random), cancellationToken);
                    continue;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var code = response.StatusCode;
                bool retryable = code == HttpStatusCode.TooManyRequests || (int)code >= 500;
                if (!retryable || last)
                {
                    throw await ReadErrorAsync(response, cancellationToken);
                }

                var delay = RetryAfter(response) ?? Backoff.Delay(attempt - 1, _options.InitialBackoff, _options.MaxBackoff, _options.Random);
                await DelayAsync(delay, cancellationToken);
            }
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _options.TimeProvider, cancellationToken);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - _options.TimeProvider.GetUtcNow() : null);
        if (delay is null)
        {
            return null;
        }

        return delay.Value < TimeSpan.Zero ? TimeSpan.Zero : delay.Value > _options.MaxRetryAfter ? _options.MaxRetryAfter : delay.Value;
    }

    private static async Task<KubeApiException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = ParseStatus(text);
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
        var message = status?.Message is { Length: > 0 } m
            ? $"{what}: {(int)response.StatusCode} {status.Reason}: {m}"
            : $"{what}: {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text, 512)}";
        return ToException(response.StatusCode, status, message);
    }

    /// <summary>A metav1.Status from an error body, or null when the body is something else (a proxy's HTML page).</summary>
    internal static ApiStatus? ParseStatus(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var status = JsonSerializer.Deserialize(text, KubeJsonContext.Default.ApiStatus);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static KubeApiException ToException(HttpStatusCode code, ApiStatus? status, string message) =>
        code == HttpStatusCode.Conflict ? new ConflictException(status, message) : new KubeApiException(code, status, message);

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

    private static string Query(params (string Key, string? Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
