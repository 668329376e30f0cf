using System.Net;
using System.Net.Sockets;
using k8s;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests;

public sealed class RetryTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Transient_failures_are_retried_until_success(int code)
    {
        using var client = _server.CreateClient();
        await client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg"));
        int before = _server.Requests.Count;
        _server.InjectFailures(2, code);

        var read = await client.GetAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg");

        Assert.NotNull(read);
        Assert.Equal(3, _server.Requests.Count - before);
    }

    [Fact]
    public async Task A_create_is_retried_after_a_server_error()
    {
        using var client = _server.CreateClient();
        _server.InjectFailures(1, 500, method: "POST");

        await client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg"));

        Assert.NotNull(_server.Store.Peek(ResourceType.ConfigMap, Manifests.Namespace, "cfg"));
        Assert.Equal(2, _server.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Repeated_failures_give_up_after_max_attempts_with_the_last_status()
    {
        using var client = _server.CreateClient(new KubernetesApiOptions { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) });
        _server.InjectFailures(10, 503);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(ResourceType.Pod, Manifests.Namespace));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Code);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Client_errors_other_than_429_are_not_retried()
    {
        using var client = _server.CreateClient();
        await client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg"));
        int before = _server.Requests.Count;

        await Assert.ThrowsAsync<ConflictException>(() => client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("cfg")));
        var missing = await client.GetAsync(ResourceType.ConfigMap, Manifests.Namespace, "absent");
        var invalid = await Assert.ThrowsAsync<KubeApiException>(() => client.CreateAsync(ResourceType.ConfigMap, new() { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["namespace"] = Manifests.Namespace } }));

        Assert.Null(missing);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Code);
        Assert.Equal(3, _server.Requests.Count - before);
    }

    [Fact]
    public async Task Retry_after_is_honoured_in_simulated_time()
    {
        var clock = new ManualTimeProvider();
        using var client = _server.CreateClient(new KubernetesApiOptions { TimeProvider = clock, InitialBackoff = TimeSpan.FromMilliseconds(1) });
        _server.InjectFailures(1, 429, retryAfter: "2");

        var get = client.GetAsync(ResourceType.ConfigMap, Manifests.Namespace, "cfg");
        await Eventually.True(() => clock.ActiveTimers == 1, "the client waits to retry");
        var waited = clock.PendingDelays[0];
        clock.Advance(TimeSpan.FromSeconds(1.9));
        bool earlyRetry = _server.Requests.Count > 1;
        clock.Advance(TimeSpan.FromSeconds(0.2));
        await get.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(2), waited);
        Assert.False(earlyRetry);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_a_kube_api_exception_after_the_attempts()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = KubernetesApi.Create(
            new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{port}" },
            new KubernetesApiOptions { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(ResourceType.Pod, "zk", "zk-0"));

        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Contains("get pods zk-0 failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_keeps_at_least_half_of_each_step()
    {
        var random = new Random(7);
        var initial = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(1);

        for (int retry = 0; retry < 8; retry++)
        {
            var step = Math.Min(100 * Math.Pow(2, retry), 1000);
            var delay = Backoff.Delay(retry, initial, max, random).TotalMilliseconds;
            Assert.InRange(delay, step / 2, step);
        }
    }
}
