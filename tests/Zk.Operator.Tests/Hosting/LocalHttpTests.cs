using System.Globalization;
using System.Net;
using Zk.Operator.Hosting;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Hosting;

/// <summary><c>zk-operator local --metrics-port</c> serves /healthz, /readyz and /metrics hosted as <c>run</c> hosts them (<see cref="OperatorWeb"/>).</summary>
public sealed class LocalHttpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [ZknodeFact]
    public async Task Local_serves_health_readiness_and_the_exporters_prometheus_metrics_on_its_metrics_port()
    {
        int port = FreePort.Next();
        string data = Path.Combine(Path.GetTempPath(), $"zk-operator-local-http-{Environment.ProcessId}");
        var line = CommandLine.Parse(
            ["local", "--replicas", "1", "--metrics-port", Text(port), "--base-port", Text(LocalEnsembleHarness.FreeBasePort(1)), "--data", data],
            new HashSet<string>());
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var running = Task.Run(() => LocalCommand.RunAsync(line, JsonLog.Null, TextWriter.Null, stop.Token));
        try
        {
            string text = "";
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        text = await http.GetStringAsync("/metrics");
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }

                    return text.Contains("zk_operator_reconcile_total{", StringComparison.Ordinal);
                },
                "local's /metrics counts a reconcile",
                Patience);

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/nothing")).StatusCode);
            Assert.Contains("# TYPE zk_operator_workqueue_depth gauge", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE zk_operator_reconcile_duration_seconds histogram", text, StringComparison.Ordinal);

            // The OpenTelemetry exporter's shape (scope labels on every series), as run's /metrics has it.
            Assert.Matches(@"(?m)^zk_operator_leader\{[^}]*otel_scope_name=""Zk.Operator.Local""[^}]*\} 1$", text);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await running.WaitAsync(Patience));
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
