using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Zk.Operator.Kube;

/// <summary>List-then-watch on the official client's watch stream, resuming and re-listing as client-go's reflector does.</summary>
public sealed partial class KubernetesApi
{
    private enum StreamOutcome
    {
        Event,
        Ended,
        Broken,
        Gone,
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

            // A connection that dies silently never ends the stream; the server must have closed it
            // by timeoutSeconds, so past that (plus a margin) the stream is given up as broken.
            using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds) + _options.WatchStallMargin, _options.TimeProvider);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            var errors = new WatchErrors();
            var events = OpenWatch(type, @namespace, options, resourceVersion, errors, reading.Token).GetAsyncEnumerator(reading.Token);
            await using (events)
            {
                while (true)
                {
                    var outcome = await NextAsync(events, errors, type, cancellationToken);
                    if (outcome == StreamOutcome.Event)
                    {
                        streamFailures = 0;
                        var update = Translate(type, events.Current.Item1, events.Current.Item2, resourceVersion);
                        resourceVersion = update.ResourceVersion;
                        yield return update;
                        continue;
                    }

                    if (outcome == StreamOutcome.Gone)
                    {
                        // Our resourceVersion left the server's history window: list again.
                        resourceVersion = null;
                    }
                    else if (outcome == StreamOutcome.Broken)
                    {
                        // The connection dropped mid-stream: resume from where we are, but not in a hot loop.
                        await Task.Delay(Backoff.Delay(streamFailures++, _options.InitialBackoff, _options.MaxBackoff, _options.Random), _options.TimeProvider, cancellationToken);
                    }

                    break;
                }
            }
        }
    }

    private IAsyncEnumerable<(WatchEventType, object)> OpenWatch(
        ResourceType type, string? @namespace, WatchOptions options, string resourceVersion, WatchErrors errors, CancellationToken cancellationToken) =>
        @namespace is null
            ? _client.CustomObjects.WatchListClusterCustomObjectAsync(
                type.Group, type.Version, type.Plural, allowWatchBookmarks: true, labelSelector: options.LabelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: options.TimeoutSeconds, onError: errors.Record, cancellationToken: cancellationToken)
            : _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                type.Group, type.Version, @namespace, type.Plural, allowWatchBookmarks: true, labelSelector: options.LabelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: options.TimeoutSeconds, onError: errors.Record, cancellationToken: cancellationToken);

    /// <summary>
    /// Moves the stream on. The client reports ERROR events (a metav1.Status) and unreadable lines through its
    /// error callback instead of yielding them, so they are read back from <paramref name="errors"/> when the stream ends.
    /// </summary>
    private static async Task<StreamOutcome> NextAsync(
        IAsyncEnumerator<(WatchEventType, object)> events, WatchErrors errors, ResourceType type, CancellationToken cancellationToken)
    {
        bool moved;
        try
        {
            moved = await events.MoveNextAsync();
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
        {
            return StreamOutcome.Gone;
        }
        catch (HttpOperationException e)
        {
            throw ToException(e, $"watch {type.Plural}");
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return StreamOutcome.Broken;
        }

        if (errors.Status is { } status)
        {
            if (status.Code == (int)HttpStatusCode.Gone || status.Reason is "Expired" or "Gone")
            {
                return StreamOutcome.Gone;
            }

            throw new KubeApiException((HttpStatusCode)(status.Code ?? 500), status, $"watch of {type.Plural} failed: {status.Message}");
        }

        if (errors.Torn)
        {
            // A torn line means a torn connection; the server never sends partial JSON otherwise.
            return StreamOutcome.Broken;
        }

        if (!moved)
        {
            return cancellationToken.IsCancellationRequested ? throw new OperationCanceledException(cancellationToken) : StreamOutcome.Ended;
        }

        return StreamOutcome.Event;
    }

    private static WatchUpdate Translate(ResourceType type, WatchEventType eventType, object? element, string resourceVersion)
    {
        var obj = element switch
        {
            JsonElement { ValueKind: JsonValueKind.Object } e => JsonObject.Create(e),
            JsonObject o => o,
            _ => null,
        };
        if (obj is null)
        {
            throw new KubeApiException($"watch event {eventType} of {type.Plural} without an object");
        }

        var rv = obj.GetResourceVersion() ?? resourceVersion;
        var kind = eventType switch
        {
            WatchEventType.Added => WatchUpdateKind.Added,
            WatchEventType.Modified => WatchUpdateKind.Modified,
            WatchEventType.Deleted => WatchUpdateKind.Deleted,
            WatchEventType.Bookmark => WatchUpdateKind.Bookmark,
            _ => throw new KubeApiException($"unexpected watch event type '{eventType}'"),
        };
        return WatchUpdate.ForObject(kind, rv, kind == WatchUpdateKind.Bookmark ? null : obj);
    }

    /// <summary>What the client's error callback reported for one watch stream.</summary>
    private sealed class WatchErrors
    {
        public k8s.Models.V1Status? Status { get; private set; }

        public bool Torn { get; private set; }

        public void Record(Exception e)
        {
            if (e is KubernetesException { Status: { } status })
            {
                Status = status;
            }
            else if (e is JsonException)
            {
                Torn = true;
            }
        }
    }
}
