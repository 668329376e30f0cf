using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Zk.Operator.Hosting;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Hosting;

public sealed class HealthServerTests
{
    [Fact]
    public async Task Health_readiness_and_metrics_are_served_over_http()
    {
        bool ready = false;
        var metrics = new OperatorMetrics(nameof(HealthServerTests)) { QueueDepth = () => 3 };
        metrics.RecordReconcile("done", TimeSpan.FromMilliseconds(20));
        metrics.RecordReconcile("error", TimeSpan.FromMilliseconds(2));
        int port = FreePort();
        await using var server = new HealthServer(() => ready, metrics.Render, JsonLog.Null);
        server.Listen("127.0.0.1", port, "/healthz", "/readyz", "/metrics");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        ready = true;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/nothing")).StatusCode);

        string text = await http.GetStringAsync("/metrics");
        Assert.Contains("zk_operator_reconcile_total{outcome=\"done\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("zk_operator_reconcile_errors_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("zk_operator_reconcile_duration_seconds_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("zk_operator_reconcile_duration_seconds_bucket{le=\"0.025\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("zk_operator_reconcile_duration_seconds_bucket{le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("zk_operator_workqueue_depth 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_lines_are_one_json_object_each_with_typed_fields()
    {
        var output = new StringWriter();
        var log = new JsonLog(output, new ManualTimeProvider(), "controller");

        log.Info("executed step", ("object", "ns/zk"), ("replicas", 3), ("ok", true), ("took", TimeSpan.FromMilliseconds(12.5)));
        log.Error("failed", ("error", new InvalidOperationException("boom\nline two")));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("2025-01-01T00:00:00.000Z", first.RootElement.GetProperty("ts").GetString());
        Assert.Equal("info", first.RootElement.GetProperty("level").GetString());
        Assert.Equal("controller", first.RootElement.GetProperty("logger").GetString());
        Assert.Equal(3, first.RootElement.GetProperty("replicas").GetInt32());
        Assert.True(first.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(12.5, first.RootElement.GetProperty("took").GetDouble());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("InvalidOperationException: boom\nline two", second.RootElement.GetProperty("error").GetString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
