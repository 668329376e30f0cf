using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;
using Zk.Operator.Kube.Tests.Fake;

namespace Zk.Operator.Tests.Hosting;

/// <summary>
/// <c>zk-operator run</c> on its host against the fake API server: what /readyz says (election off; holding or not
/// holding the Lease; caches synced), which paths the informers touch, no Lease calls without election, /metrics.
/// </summary>
public sealed class RunCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"zk-run-{Guid.NewGuid():N}.yaml");
    private readonly CancellationTokenSource _stop = new();
    private FakeKubeApiServer _server = null!;
    private Task<int>? _run;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        var server = _server.BaseAddress.ToString().TrimEnd('/');
        await File.WriteAllTextAsync(_kubeconfig, string.Join('\n',
            "apiVersion: v1",
            "kind: Config",
            "current-context: fake",
            $"clusters: [{{name: fake, cluster: {{server: \"{server}\"}}}}]",
            "users: [{name: fake, user: {token: t}}]",
            "contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: zk}}]"));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Patience);
        }

        _stop.Dispose();
        _http.Dispose();
        File.Delete(_kubeconfig);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Without_election_it_is_ready_once_synced_and_never_calls_the_lease_api()
    {
        var (health, _) = Start(new Dictionary<string, string> { ["leader-election"] = "false" });

        await WaitForStatus(health, "/readyz", HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, await StatusOf(health, "/healthz"));
        Assert.DoesNotContain(_server.Requests, r => r.Contains("/leases", StringComparison.Ordinal));
        Assert.Contains(_server.Requests, r => r.StartsWith("GET /apis/zookeeper.zkoperator.io/v1alpha1/zkensembles", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_namespaces_restrict_every_list_and_watch_to_those_namespaces()
    {
        var (health, _) = Start(new Dictionary<string, string> { ["leader-election"] = "false", ["watch-namespaces"] = "team-a,team-b" });

        await WaitForStatus(health, "/readyz", HttpStatusCode.OK);
        await Eventually.True(() => _server.Requests.Count(r => r.Contains("watch=true", StringComparison.Ordinal)) >= 4, "both namespaces are watched", Patience);

        var requests = _server.Requests;
        Assert.All(requests, r => Assert.True(
            r.Contains("/namespaces/team-a/", StringComparison.Ordinal) || r.Contains("/namespaces/team-b/", StringComparison.Ordinal), r));
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            Assert.Contains(requests, r => r.StartsWith($"GET /apis/zookeeper.zkoperator.io/v1alpha1/namespaces/{ns}/zkensembles", StringComparison.Ordinal));
            Assert.Contains(requests, r => r.StartsWith($"GET /api/v1/namespaces/{ns}/pods", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task It_is_not_ready_until_its_caches_are_synced()
    {
        _server.InjectFailures(100_000, 503, method: "GET");
        var (health, _) = Start(new Dictionary<string, string> { ["leader-election"] = "false" });

        await Eventually.True(() => _server.Requests.Count >= 3, "the informers tried to list", Patience);
        await WaitForStatus(health, "/healthz", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOf(health, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(health, "/healthz"));

        _server.ClearFailures();
        await WaitForStatus(health, "/readyz", HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_standby_is_not_ready_and_becomes_ready_when_it_takes_the_lease()
    {
        _server.Store.Seed(ResourceType.Lease, HeldLease("someone-else"));
        var (health, _) = Start(new Dictionary<string, string> { ["lease-namespace"] = "zk" }, podName: "replica-b");

        await Eventually.True(() => _server.Requests.Any(r => r.StartsWith("GET /apis/coordination.k8s.io/v1/namespaces/zk/leases/zk-operator-leader", StringComparison.Ordinal)), "the elector read the lease", Patience);

        // The elector may run before Kestrel listens: wait for the port, then ask for readiness.
        await WaitForStatus(health, "/healthz", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOf(health, "/readyz"));
        Assert.DoesNotContain(_server.Requests, r => r.Contains("zkensembles", StringComparison.Ordinal));

        // The holder goes away (its Lease deleted): this replica creates its own and leads.
        using var api = _server.CreateClient();
        await api.DeleteAsync(ResourceType.Lease, "zk", "zk-operator-leader");
        await WaitForStatus(health, "/readyz", HttpStatusCode.OK);

        Assert.Equal("replica-b", (string?)_server.Store.Peek(ResourceType.Lease, "zk", "zk-operator-leader")?["spec"]?["holderIdentity"]);
    }

    [Fact]
    public async Task With_election_and_no_rival_it_takes_the_lease_in_pod_namespace_and_is_ready()
    {
        var (health, _) = Start(new Dictionary<string, string> { ["lease-name"] = "my-lease" }, podName: "replica-a", podNamespace: "ops");

        await WaitForStatus(health, "/readyz", HttpStatusCode.OK);

        Assert.Equal("replica-a", (string?)_server.Store.Peek(ResourceType.Lease, "ops", "my-lease")?["spec"]?["holderIdentity"]);
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_on_their_own_port()
    {
        // An invalid spec: one quick reconcile (status only, no member to ask), so the reconcile series have data.
        _server.Store.Seed(ResourceType.ZkEnsemble, new ZkEnsemble
        {
            Metadata = new ObjectMeta { Name = "broken", Namespace = "zk" },
            Spec = new ZkEnsembleSpec { Replicas = -1 },
        }.ToJsonObject());
        var (health, metrics) = Start(new Dictionary<string, string> { ["leader-election"] = "false" }, metricsPort: true);
        await WaitForStatus(health, "/readyz", HttpStatusCode.OK);

        string text = "";
        HttpResponseMessage? response = null;
        await Eventually.True(
            async () =>
            {
                response?.Dispose();
                response = await _http.GetAsync(new Uri($"http://127.0.0.1:{metrics}/metrics"));
                text = await response.Content.ReadAsStringAsync();
                return text.Contains("zk_operator_reconcile_total{", StringComparison.Ordinal);
            },
            "a reconcile is counted",
            Patience);
        using var last = response!;

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.StartsWith("text/plain", last.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE zk_operator_workqueue_depth gauge", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^zk_operator_leader\{[^}]*\} 1$", text);
        Assert.Contains("# TYPE zk_operator_reconcile_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(health, "/metrics"));
    }

    private (int Health, int Metrics) Start(Dictionary<string, string> flags, string podName = "replica-a", bool metricsPort = false, string? podNamespace = null)
    {
        int health = FreePort.Next();
        int metrics = metricsPort ? FreePort.Next() : 0;
        flags["kubeconfig"] = _kubeconfig;
        flags["health-port"] = health.ToString(CultureInfo.InvariantCulture);
        flags["metrics-port"] = metrics.ToString(CultureInfo.InvariantCulture);
        var settings = RunSettings.Resolve(flags.GetValueOrDefault, _ => null);
        _run = Task.Run(() => RunCommand.RunAsync(settings, name => name switch { "POD_NAME" => podName, "POD_NAMESPACE" => podNamespace, _ => null }, _stop.Token));
        return (health, metrics);
    }

    private async Task<HttpStatusCode> StatusOf(int port, string path)
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
        return response.StatusCode;
    }

    private async Task WaitForStatus(int port, string path, HttpStatusCode expected) =>
        await Eventually.True(
            async () =>
            {
                if (_run is { IsCompleted: true })
                {
                    throw new InvalidOperationException($"run ended early: {(_run.IsFaulted ? _run.Exception : _run.Result)}");
                }

                try
                {
                    return await StatusOf(port, path) == expected;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"{path} answers {expected}",
            Patience);

    private static JsonObject HeldLease(string holder)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = "zk-operator-leader", ["namespace"] = "zk" },
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
