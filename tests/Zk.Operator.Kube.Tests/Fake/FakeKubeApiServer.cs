using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 over real HTTP (Kestrel), serving the REST
/// verbs the client uses from a <see cref="FakeResourceStore"/>. Tests steer it: inject 429/5xx,
/// make the next watch answer 410 Gone, compact history, ask for bookmarks, end open watches.
/// </summary>
internal sealed class FakeKubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<InjectedFailure> _failures = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<int> _watchErrors = new();
    private int _goneWatches;
    private int _goneWatchesAsHttp;
    private int _expiredContinues;
    private int _openWatches;

    private FakeKubeApiServer(WebApplication app, FakeResourceStore store)
    {
        _app = app;
        Store = store;
    }

    public FakeResourceStore Store { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request served so far as "METHOD /path?query", in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Watch streams currently open.</summary>
    public int OpenWatches => Volatile.Read(ref _openWatches);

    /// <summary>The Authorization header of the last request, to check credentials are sent.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>The subject of the client certificate of the last request, when one was presented.</summary>
    public string? LastClientCertificateSubject { get; private set; }

    /// <param name="serverCertificate">Serve HTTPS with this certificate instead of plain HTTP.</param>
    /// <param name="requireClientCertificate">Demand a client certificate (any) during the TLS handshake.</param>
    public static async Task<FakeKubeApiServer> StartAsync(TimeProvider? timeProvider = null, X509Certificate2? serverCertificate = null, bool requireClientCertificate = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        var server = new FakeKubeApiServer(app, new FakeResourceStore(timeProvider ?? TimeProvider.System));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>A client for this server with fast retries, so retry tests take milliseconds.</summary>
    public KubernetesApi CreateClient(KubernetesApiOptions? options = null, params DelegatingHandler[] handlers) =>
        CreateClient(bearerToken: null, options, handlers);

    /// <param name="bearerToken">Sent with every request, as the in-cluster configuration sends a service account's token.</param>
    public KubernetesApi CreateClient(string? bearerToken, KubernetesApiOptions? options = null, params DelegatingHandler[] handlers) =>
        KubernetesApi.Create(
            ClientConfiguration(bearerToken),
            options ?? new KubernetesApiOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(20) },
            handlers);

    /// <summary>The official client's configuration for this server (plain HTTP; a bearer token when given).</summary>
    public KubernetesClientConfiguration ClientConfiguration(string? bearerToken = null) =>
        new() { Host = BaseAddress.ToString(), HttpClientTimeout = TimeSpan.FromSeconds(30), AccessToken = bearerToken };

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="method"/>, if given) fail with <paramref name="code"/>.</summary>
    public void InjectFailures(int count, int code, string? retryAfter = null, string? method = null)
    {
        for (int i = 0; i < count; i++)
        {
            _failures.Enqueue(new InjectedFailure(code, retryAfter, method));
        }
    }

    /// <summary>Drops the failures injected and not yet served.</summary>
    public void ClearFailures() => _failures.Clear();

    /// <summary>
    /// The next watch request is answered with 410 Gone: as an ERROR event on a 200 stream (what a real
    /// server does for an expired resourceVersion) or, with <paramref name="asHttpStatus"/>, as HTTP 410.
    /// </summary>
    public void ExpireNextWatch(bool asHttpStatus = false)
    {
        Interlocked.Increment(ref asHttpStatus ? ref _goneWatchesAsHttp : ref _goneWatches);
    }

    /// <summary>The next <paramref name="count"/> list requests that carry a continue token get 410 Expired.</summary>
    public void ExpireNextContinues(int count = 1) => Interlocked.Add(ref _expiredContinues, count);

    /// <summary>When set, every request passes this RBAC authorizer before it is served.</summary>
    public FakeRbac? Authorizer { get; set; }

    /// <summary>Keep watch streams open past their timeoutSeconds, like a connection that died silently.</summary>
    public bool IgnoreWatchTimeouts { get; set; }

    /// <summary>The next watch request gets a 200 stream with one ERROR event carrying <paramref name="code"/>.</summary>
    public void FailNextWatch(int code) => _watchErrors.Enqueue(code);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Store.CloseWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await ServeAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the fake: show it in the client's exception rather than as an empty 500.
            await WriteAsync(context, FakeResult.Error(500, "InternalError", "fake server failure: " + e));
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        LastAuthorization = request.Headers.Authorization.FirstOrDefault();
        LastClientCertificateSubject = context.Connection.ClientCertificate?.Subject;
        if (TakeFailure(request.Method) is { } failure)
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            await WriteAsync(context, FakeResult.Error(failure.Code, failure.Code == 429 ? "TooManyRequests" : "InternalError", "injected failure"));
            return;
        }

        var route = FakeRoute.Parse(request.Path.Value ?? "");
        if (route is null || Store.TypeOf(route) is null)
        {
            await WriteAsync(context, FakeResult.Error(404, "NotFound", $"the server could not find the requested resource ({request.Path})"));
            return;
        }

        if (Authorizer is { } rbac && await rbac.AuthorizeAsync(context, route, () => route.Name is not null && Store.Get(route).Code != 404) is { } refused)
        {
            await WriteAsync(context, refused);
            return;
        }

        var query = request.Query;
        string? manager = query["fieldManager"].FirstOrDefault();
        var result = request.Method switch
        {
            "GET" when route.Name is not null => Store.Get(route),
            "GET" when query["watch"] is ["true" or "1"] => null,
            "GET" => FakeListPager.Page(
                Store.List(route, query["labelSelector"].FirstOrDefault()),
                query["limit"].FirstOrDefault(),
                query["continue"].FirstOrDefault(),
                Store.IsCompacted,
                query["continue"].Count > 0 && TakeGone(ref _expiredContinues)),
            "POST" when route.Name is null => Store.Create(route, (await ReadBodyAsync(context) as JsonObject)!, manager ?? "unknown"),
            "PUT" when route.Name is not null => Store.Replace(route, (await ReadBodyAsync(context) as JsonObject)!, manager ?? "unknown"),
            "PATCH" when route.Name is not null => Store.Patch(route, request.ContentType ?? "", await ReadBodyAsync(context), manager, query["force"] is ["true"]),
            "DELETE" when route.Name is not null => Store.Delete(route, await ReadBodyAsync(context) as JsonObject),
            _ => FakeResult.Error(405, "MethodNotAllowed", $"{request.Method} is not supported on {request.Path}"),
        };

        if (result is null)
        {
            await WatchAsync(context, route);
            return;
        }

        await WriteAsync(context, result);
    }

    private async Task WatchAsync(HttpContext context, FakeRoute route)
    {
        var query = context.Request.Query;
        if (TakeGone(ref _goneWatchesAsHttp))
        {
            await WriteAsync(context, Gone());
            return;
        }

        var labelSelector = query["labelSelector"].FirstOrDefault();
        bool bookmarks = query["allowWatchBookmarks"] is ["true"];
        var timeout = TimeSpan.FromSeconds(int.TryParse(query["timeoutSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var seconds) ? seconds : 1800);
        var rvText = query["resourceVersion"].FirstOrDefault();

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var writer = context.Response.Body;
        if (TakeGone(ref _goneWatches) || (long.TryParse(rvText, CultureInfo.InvariantCulture, out var since) && Store.IsCompacted(since)))
        {
            await WriteEventAsync(writer, "ERROR", Gone().Body!, context.RequestAborted);
            return;
        }

        if (_watchErrors.TryDequeue(out var code))
        {
            await WriteEventAsync(writer, "ERROR", FakeResult.Status(code, "InternalError", "injected watch failure"), context.RequestAborted);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        if (!IgnoreWatchTimeouts)
        {
            stop.CancelAfter(timeout);
        }

        int bookmarkGeneration = Store.BookmarkGeneration;
        int closeGeneration = Store.CloseGeneration;
        Interlocked.Increment(ref _openWatches);
        try
        {
            long cursor;
            if (string.IsNullOrEmpty(rvText) || rvText == "0")
            {
                // No position: start with the current state as synthetic ADDED events.
                var (initial, position) = Store.Snapshot(route, labelSelector);
                foreach (var entry in initial)
                {
                    await WriteEventAsync(writer, entry.Type, entry.Snapshot, stop.Token);
                }

                cursor = position;
            }
            else
            {
                cursor = since;
            }

            await context.Response.Body.FlushAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                var (entries, position, signal, bookmarkNow, closeNow) = Store.Poll(route, labelSelector, cursor);
                foreach (var entry in entries)
                {
                    await WriteEventAsync(writer, entry.Type, entry.Snapshot, stop.Token);
                }

                cursor = position;
                if (closeNow != closeGeneration)
                {
                    return;
                }

                if (bookmarkNow != bookmarkGeneration)
                {
                    bookmarkGeneration = bookmarkNow;
                    if (bookmarks)
                    {
                        var type = Store.TypeOf(route)!;
                        var bookmark = new JsonObject
                        {
                            ["apiVersion"] = type.ApiVersion,
                            ["kind"] = type.Kind,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = cursor.ToString(CultureInfo.InvariantCulture) },
                        };
                        await WriteEventAsync(writer, "BOOKMARK", bookmark, stop.Token);
                    }
                }

                await signal.WaitAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, client gone or server stopping: the stream simply ends, as a real watch does.
        }
        finally
        {
            Interlocked.Decrement(ref _openWatches);
        }
    }

    private static async Task WriteEventAsync(Stream body, string type, JsonNode obj, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        await body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpContext context, FakeResult result)
    {
        context.Response.StatusCode = result.Code;
        context.Response.ContentType = "application/json";
        if (result.Body is not null)
        {
            await context.Response.WriteAsync(result.Body.ToJsonString());
        }
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private static FakeResult Gone() => FakeResult.Error(410, "Expired", "too old resource version");

    private static bool TakeGone(ref int counter)
    {
        while (true)
        {
            int current = Volatile.Read(ref counter);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    private InjectedFailure? TakeFailure(string method)
    {
        if (_failures.TryPeek(out var next) && (next.Method is null || next.Method == method) && _failures.TryDequeue(out var taken))
        {
            return taken;
        }

        return null;
    }
}
