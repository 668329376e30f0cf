using System.Net;
using System.Text;
using Zk.Node.Server.Logging;

namespace Zk.Node.Server.Admin;

/// <summary>A small HTTP/1.1 GET endpoint (AdminServer, Prometheus): one handler maps a path to a response.</summary>
internal sealed class HttpEndpoint(string name, IPAddress address, int port, Func<string, Task<HttpReply>> handler, NodeLog log) : IDisposable
{
    private readonly HttpListener _listener = new();

    /// <summary>For log lines: which endpoint, on which port.</summary>
    public string Description => $"{name} on {address}:{port}";

    public void Start()
    {
        string host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "+" : address.ToString();
        _listener.Prefixes.Add($"http://{host}:{port}/");
        _listener.Start();
        log.Info($"{name} listening on {host}:{port}");
        _ = Task.Run(LoopAsync);
    }

    public void Dispose() => _listener.Close();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            var reply = await handler(context.Request.Url?.AbsolutePath ?? "/").ConfigureAwait(false);
            byte[] body = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.Warn($"{name}: request failed: {e.Message}");
            context.Response.StatusCode = 500;
        }
        finally
        {
            context.Response.Close();
        }
    }
}
