using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Tests.TestSupport;
using Zk.Operator.Kube;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Hosting;

/// <summary>
/// Issue 8: the published zk-operator started with exactly the command, args and environment of the Deployment
/// that charts/zk-operator renders answers that Deployment's liveness and readiness probes on the declared ports and
/// paths; it is ready only while it holds the Lease (or election is off) and its caches are synced; metrics off
/// leaves the metrics port closed; it logs JSON lines. The chart is rendered with free ports for health.port and
/// metrics.port (8080/8081 may be taken on a test machine): the point is that rendered and served ports agree.
/// </summary>
public sealed class RenderedDeploymentTests(ChartRenderer renderer) : IClassFixture<ChartRenderer>, IAsyncLifetime
{
    private const string PodName = "zk-operator-5d8f7c9b6d-x2k4q";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"zk-rendered-{Guid.NewGuid():N}.yaml");
    private FakeKubeApiServer _server = null!;
    private OperatorProcess? _operator;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        await File.WriteAllTextAsync(_kubeconfig, string.Join('\n',
            "apiVersion: v1",
            "kind: Config",
            "current-context: fake",
            $"clusters: [{{name: fake, cluster: {{server: \"{_server.BaseAddress.ToString().TrimEnd('/')}\"}}}}]",
            "users: [{name: fake, user: {token: service-account-token}}]",
            "contexts: [{name: fake, context: {cluster: fake, user: fake}}]"));
    }

    public async Task DisposeAsync()
    {
        _operator?.Dispose();
        _http.Dispose();
        File.Delete(_kubeconfig);
        await _server.DisposeAsync();
    }

    [OperatorBinaryFact]
    public async Task With_default_values_it_is_live_at_once_and_ready_only_once_it_holds_the_lease()
    {
        var (container, ports) = Render(new JsonObject());
        // A rival holds the Lease the chart names, in the release namespace: this replica stands by.
        _server.Store.Seed(ResourceType.Lease, HeldLease(container.Environment["ZK_OPERATOR_LEASE_NAMESPACE"], container.Environment["ZK_OPERATOR_LEASE_NAME"], "rival"));
        Assert.Equal(ports.Health, container.Liveness.Port);
        Assert.Equal(ports.Health, container.Readiness.Port);
        Assert.Equal(ports.Metrics, container.Ports["metrics"]);

        Start(container, ports.Metrics);

        await WaitForStatus(container.Liveness, HttpStatusCode.OK);
        await Eventually.True(() => _server.Requests.Any(r => r.StartsWith($"GET /apis/coordination.k8s.io/v1/namespaces/{ChartRenderer.ReleaseNamespace}/leases/zk-operator-leader", StringComparison.Ordinal)), "the elector read the chart's Lease", Patience);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOf(container.Readiness));
        Assert.DoesNotContain(_server.Requests, r => r.Contains("zkensembles", StringComparison.Ordinal));

        using (var api = _server.CreateClient())
        {
            await api.DeleteAsync(ResourceType.Lease, ChartRenderer.ReleaseNamespace, "zk-operator-leader");
        }

        await WaitForStatus(container.Readiness, HttpStatusCode.OK);
        Assert.Equal(PodName, (string?)_server.Store.Peek(ResourceType.Lease, ChartRenderer.ReleaseNamespace, "zk-operator-leader")?["spec"]?["holderIdentity"]);
        Assert.Contains(_server.Requests, r => r.StartsWith("GET /apis/zookeeper.zkoperator.io/v1alpha1/zkensembles", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(new HttpProbe("/metrics", container.Ports["metrics"])));
        AssertJsonLogLines();
    }

    [OperatorBinaryFact]
    public async Task With_election_off_it_is_ready_once_synced_without_any_lease_request()
    {
        var (container, ports) = Render(new JsonObject { ["leaderElection"] = new JsonObject { ["enabled"] = false } });
        // Every read fails at first: the informers cannot sync.
        _server.InjectFailures(100_000, 503, method: "GET");

        Start(container, ports.Metrics);

        await WaitForStatus(container.Liveness, HttpStatusCode.OK);
        await Eventually.True(() => _server.Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal)) >= 3, "the informers tried to list", Patience);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOf(container.Readiness));

        _server.ClearFailures();
        await WaitForStatus(container.Readiness, HttpStatusCode.OK);
        Assert.DoesNotContain(_server.Requests, r => r.Contains("/leases", StringComparison.Ordinal));
        AssertJsonLogLines();
    }

    [OperatorBinaryFact]
    public async Task With_metrics_off_nothing_listens_on_the_metrics_port()
    {
        var (container, ports) = Render(new JsonObject { ["metrics"] = new JsonObject { ["enabled"] = false } });
        Assert.False(container.Ports.ContainsKey("metrics"));
        Assert.Equal("0", container.Environment["ZK_OPERATOR_METRICS_PORT"]);

        // The aspnet base image's ASPNETCORE_HTTP_PORTS points at the (default) metrics port: it must not open it.
        Start(container, ports.Metrics);

        await WaitForStatus(container.Liveness, HttpStatusCode.OK);
        await WaitForStatus(container.Readiness, HttpStatusCode.OK);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(IPAddress.Loopback, ports.Metrics));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        AssertJsonLogLines();
    }

    private (RenderedOperatorContainer Container, (int Health, int Metrics) Ports) Render(JsonObject values)
    {
        int health = FreePort.Next();
        int metrics = FreePort.Next();
        Assert.NotEqual(health, metrics);
        values["health"] = new JsonObject { ["port"] = health };
        if (values["metrics"] is not JsonObject metricsValues)
        {
            metricsValues = [];
            values["metrics"] = metricsValues;
        }

        metricsValues["port"] = metrics;
        var container = new RenderedOperatorContainer(renderer.Render(values), PodName);
        return (container, (health, metrics));
    }

    /// <summary>
    /// The container's command (or the image's entrypoint, the binary) and args; its environment plus only what the
    /// pod gets from elsewhere. KUBECONFIG stands in for the in-cluster service-account token and CA that the
    /// kubelet mounts (the real in-cluster path needs those files and KUBERNETES_SERVICE_HOST).
    /// </summary>
    private void Start(RenderedOperatorContainer container, int imageHttpPort)
    {
        string binary = OperatorBinary.Path.Value!;
        Assert.Null(container.Command);
        var environment = new Dictionary<string, string>(container.Environment, StringComparer.Ordinal)
        {
            ["KUBECONFIG"] = _kubeconfig,
            // The kubelet sets HOSTNAME to the pod name; the image (docker/zk-operator.Dockerfile on dotnet/aspnet)
            // sets the rest. Its ASPNETCORE_HTTP_PORTS is 8080, the default metrics port: the chosen one here.
            ["HOSTNAME"] = PodName,
            ["HOME"] = Path.GetTempPath(),
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["ASPNETCORE_HTTP_PORTS"] = imageHttpPort.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
            ["DOTNET_EnableDiagnostics"] = "0",
        };
        // Where the runtime is, when it is not at the default location (a test machine detail, not the pod's).
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            environment["DOTNET_ROOT"] = dotnetRoot;
        }

        _operator = OperatorProcess.Start(binary, container.Args, environment);
    }

    /// <summary>Every line the operator wrote to stdout is one JSON object with a level, a category and a message.</summary>
    private void AssertJsonLogLines()
    {
        var lines = _operator!.StdoutLines.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            JsonObject entry;
            try
            {
                entry = JsonNode.Parse(line)!.AsObject();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"not a JSON log line: {line}\n{e.Message}");
            }

            Assert.NotNull((string?)entry["LogLevel"]);
            Assert.NotNull((string?)entry["Category"]);
            Assert.NotNull((string?)entry["Message"]);
        }

        Assert.Contains(lines, l => l.Contains($"identity {PodName}", StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> StatusOf(HttpProbe probe)
    {
        using var response = await _http.GetAsync(probe.Uri);
        return response.StatusCode;
    }

    private async Task WaitForStatus(HttpProbe probe, HttpStatusCode expected) =>
        await Eventually.True(
            async () =>
            {
                if (_operator!.HasExited)
                {
                    throw new InvalidOperationException("zk-operator ended early: " + _operator.Describe());
                }

                try
                {
                    return await StatusOf(probe) == expected;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"{probe.Path} on port {probe.Port} answers {expected}",
            Patience);

    private static JsonObject HeldLease(string @namespace, string name, string holder)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = holder,
                ["leaseDurationSeconds"] = 3600,
                ["acquireTime"] = now,
                ["renewTime"] = now,
                ["leaseTransitions"] = 0,
            },
        };
    }
}
