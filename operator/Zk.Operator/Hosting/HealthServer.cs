using System.Net;
using System.Text;

namespace Zk.Operator.Hosting;

/// <summary>
/// /healthz (the process is alive), /readyz (<see cref="IsReady"/>) and /metrics (Prometheus text) over
/// <see cref="HttpListener"/>, on one port or two (health and metrics apart, as kubebuilder does).
/// </summary>
public sealed class HealthServer(Func<bool> isReady, Func<string> metrics, JsonLog log) : IAsyncDisposable
{
    private readonly List<HttpListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();

    public Func<bool> IsReady { get; } = isReady;

    /// <summary>Starts listening on <paramref name="port"/> for the given paths ("/healthz", "/readyz", "/metrics").</summary>
    public void Listen(string host, int port, params string[] paths)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://{host}:{port}/");
        listener.Start();
        _listeners.Add(listener);
        var served = new HashSet<string>(paths, StringComparer.Ordinal);
        _loops.Add(Task.Run(() => ServeAsync(listener, served)));
        log.Info("http endpoint listening", ("port", port), ("paths", string.Join(",", paths)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Close();
        }

        try
        {
            await Task.WhenAll(_loops);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the listener ends the accept loop with one of these.
        }

        _stopping.Dispose();
    }

    private async Task ServeAsync(HttpListener listener, HashSet<string> paths)
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
            var (code, type, body) = !paths.Contains(path)
                ? (404, "text/plain", "not found\n")
                : path switch
                {
                    "/healthz" => (200, "text/plain", "ok\n"),
                    "/readyz" => IsReady() ? (200, "text/plain", "ok\n") : (503, "text/plain", "not ready\n"),
                    "/metrics" => (200, "text/plain; version=0.0.4; charset=utf-8", metrics()),
                    _ => (404, "text/plain", "not found\n"),
                };
            try
            {
                byte[] bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = code;
                context.Response.ContentType = type;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The scraper hung up; nothing to answer.
            }
        }
    }
}
