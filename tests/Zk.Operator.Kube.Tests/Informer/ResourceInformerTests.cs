using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Kube.Informer;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.Informer;

public sealed class ResourceInformerTests : IAsyncLifetime
{
    private static readonly InformerOptions FastRetry = new() { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ResourceChange> _changes = new();
    private FakeKubeApiServer _server = null!;
    private KubernetesApi _client = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task The_cache_converges_on_the_server_state_through_creates_updates_and_deletes()
    {
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a"));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b"));
        var informer = Start();
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("c"));
        await _client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "a", PatchType.Merge, new JsonObject { ["data"] = new JsonObject { ["zoo.cfg"] = "a2" } });
        await _client.DeleteAsync(ResourceType.ConfigMap, Manifests.Namespace, "b");
        await Eventually.True(() => Matches(informer), "the cache matches the server");

        Assert.True(informer.TryGet(Manifests.Namespace, "a", out var a));
        Assert.Equal("a2", (string?)a["data"]!["zoo.cfg"]);
        Assert.False(informer.TryGet(Manifests.Namespace, "b", out _));
        Assert.Equal(
            [(ResourceChangeType.Added, "zk/a"), (ResourceChangeType.Added, "zk/b"), (ResourceChangeType.Added, "zk/c"), (ResourceChangeType.Modified, "zk/a"), (ResourceChangeType.Deleted, "zk/b")],
            _changes.Select(c => (c.Type, c.Key)));
        Assert.Equal(0, informer.RelistCount);
    }

    [Fact]
    public async Task After_410_the_informer_relists_and_reports_every_key_without_losing_an_update()
    {
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a", "v1"));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b"));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("c"));
        var informer = Start();
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _server.OpenWatches == 1, "the watch is open");

        _server.ExpireNextWatch();
        _server.Store.CloseWatches();
        await _client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "a", PatchType.Merge, new JsonObject { ["data"] = new JsonObject { ["zoo.cfg"] = "v2" } });
        await _client.DeleteAsync(ResourceType.ConfigMap, Manifests.Namespace, "b");
        await Eventually.True(() => informer.RelistCount == 1 && Matches(informer), "the informer relisted and converged");

        Assert.True(informer.TryGet(Manifests.Namespace, "a", out var a));
        Assert.Equal("v2", (string?)a["data"]!["zoo.cfg"]);
        Assert.Single(_changes, c => c is { Type: ResourceChangeType.Deleted, Key: "zk/b" });
        Assert.Contains(_changes, c => c is { Type: ResourceChangeType.Resynced, Key: "zk/c" });
    }

    [Fact]
    public async Task A_bookmark_advances_the_resume_position_without_any_change()
    {
        var informer = Start();
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _server.OpenWatches == 1, "the watch is open");
        var synced = informer.LastResourceVersion;

        await _client.CreateAsync(ResourceType.Pod, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "zk-0", ["namespace"] = Manifests.Namespace } });
        _server.Store.RequestBookmark();
        var expected = _server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        await Eventually.True(() => informer.LastResourceVersion == expected, "the bookmark is applied");

        Assert.NotEqual(synced, informer.LastResourceVersion);
        Assert.Empty(_changes);
    }

    [Fact]
    public async Task The_informer_keeps_trying_through_server_errors_and_then_syncs()
    {
        using var impatient = _server.CreateClient(new KubernetesApiOptions { MaxAttempts = 1 });
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a"));
        _server.InjectFailures(3, 500);

        var informer = Start(impatient);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsType<KubeApiException>(informer.LastError);
        Assert.True(informer.TryGet(Manifests.Namespace, "a", out _));
    }

    private ResourceInformer Start(IKubeApi? api = null)
    {
        var informer = new ResourceInformer(api ?? _client, ResourceType.ConfigMap, Manifests.Namespace, FastRetry);
        informer.Changed += _changes.Enqueue;
        _run = informer.RunAsync(_stop.Token);
        return informer;
    }

    private bool Matches(ResourceInformer informer)
    {
        var server = _server.Store.ResourceVersion;
        var cached = informer.List().Select(o => (o.GetKey(), o.GetResourceVersion())).Order().ToList();
        var stored = new[] { "a", "b", "c" }
            .Select(n => _server.Store.Peek(ResourceType.ConfigMap, Manifests.Namespace, n))
            .OfType<JsonObject>()
            .Select(o => (o.GetKey(), o.GetResourceVersion()))
            .Order()
            .ToList();
        return server == _server.Store.ResourceVersion && cached.SequenceEqual(stored);
    }
}
