using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests;

public sealed class WatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private FakeKubeApiServer _server = null!;
    private KubernetesApi _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task Watch_yields_the_list_then_every_change_in_order()
    {
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a"));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b"));
        await using var watch = Watch();

        var listed = await Next(watch);
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("c"));
        await _client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "a", PatchType.Merge, new JsonObject { ["data"] = new JsonObject { ["zoo.cfg"] = "a2" } });
        await _client.DeleteAsync(ResourceType.ConfigMap, Manifests.Namespace, "b");
        var changes = new[] { await Next(watch), await Next(watch), await Next(watch) };

        Assert.Equal(WatchUpdateKind.Listed, listed.Kind);
        Assert.Equal(["a", "b"], listed.Items.Select(i => i.GetName()).Order());
        Assert.Equal(
            [(WatchUpdateKind.Added, "c"), (WatchUpdateKind.Modified, "a"), (WatchUpdateKind.Deleted, "b")],
            changes.Select(c => (c.Kind, c.Object!.GetName())));
        Assert.Equal("a2", (string?)changes[1].Object!["data"]!["zoo.cfg"]);
        var versions = new[] { listed }.Concat(changes).Select(u => long.Parse(u.ResourceVersion, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public async Task Watch_requests_bookmarks_and_a_bookmark_moves_the_resume_position()
    {
        await using var watch = Watch();
        var listed = await Next(watch);
        var nextWatch = Next(watch);
        await Eventually.True(() => _server.OpenWatches == 1, "the watch is open");

        // Changes to another kind move the global resourceVersion without events on this watch.
        await _client.CreateAsync(ResourceType.Service, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "zk", ["namespace"] = Manifests.Namespace } });
        _server.Store.RequestBookmark();
        var bookmark = await nextWatch.WaitAsync(Deadline);
        _server.Store.CloseWatches();
        var reconnected = Next(watch);
        await Eventually.True(() => _server.Requests.Count(r => r.Contains("watch=true", StringComparison.Ordinal)) == 2, "the client reconnects");

        Assert.Equal(WatchUpdateKind.Bookmark, bookmark.Kind);
        Assert.Null(bookmark.Object);
        Assert.True(long.Parse(bookmark.ResourceVersion, CultureInfo.InvariantCulture) > long.Parse(listed.ResourceVersion, CultureInfo.InvariantCulture));
        var watches = _server.Requests.Where(r => r.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.All(watches, w => Assert.Contains("allowWatchBookmarks=true", w, StringComparison.Ordinal));
        Assert.Contains($"resourceVersion={listed.ResourceVersion}&", watches[0], StringComparison.Ordinal);
        Assert.Contains($"resourceVersion={bookmark.ResourceVersion}&", watches[1], StringComparison.Ordinal);
        Assert.False(reconnected.IsCompleted);
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reconnected);
    }

    [Fact]
    public async Task A_watch_the_server_ends_resumes_without_losing_or_repeating_events()
    {
        await using var watch = Watch();
        await Next(watch);
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a"));
        var first = await Next(watch);

        _server.Store.CloseWatches();
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b"));
        var second = await Next(watch);
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("c"));
        var third = await Next(watch);

        Assert.Equal(["a", "b", "c"], new[] { first, second, third }.Select(u => u.Object!.GetName()));
        Assert.All(new[] { first, second, third }, u => Assert.Equal(WatchUpdateKind.Added, u.Kind));
    }

    [Fact]
    public async Task An_expired_resource_version_error_event_relists_and_the_relist_carries_the_missed_update()
    {
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a", "v1"));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b"));
        await using var watch = Watch();
        var listed = await Next(watch);

        // Before the watch request goes out, history moves on and is compacted past the listed version.
        await _client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "a", PatchType.Merge, new JsonObject { ["data"] = new JsonObject { ["zoo.cfg"] = "v2" } });
        await _client.DeleteAsync(ResourceType.ConfigMap, Manifests.Namespace, "b");
        _server.Store.Compact();
        var relisted = await Next(watch);
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("c"));
        var after = await Next(watch);

        Assert.Equal(WatchUpdateKind.Listed, listed.Kind);
        Assert.Equal(WatchUpdateKind.Relisted, relisted.Kind);
        var a = Assert.Single(relisted.Items);
        Assert.Equal("v2", (string?)a["data"]!["zoo.cfg"]);
        Assert.Equal((WatchUpdateKind.Added, "c"), (after.Kind, after.Object!.GetName()));
        Assert.Equal(2, _server.Requests.Count(r => r == "GET /api/v1/namespaces/zk/configmaps?limit=500"));
    }

    [Fact]
    public async Task An_http_410_on_the_watch_request_relists()
    {
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a", "v1"));
        await using var watch = Watch();
        await Next(watch);
        _server.ExpireNextWatch(asHttpStatus: true);
        await _client.PatchAsync(ResourceType.ConfigMap, Manifests.Namespace, "a", PatchType.Merge, new JsonObject { ["data"] = new JsonObject { ["zoo.cfg"] = "v2" } });

        var relisted = await Next(watch);

        Assert.Equal(WatchUpdateKind.Relisted, relisted.Kind);
        Assert.Equal("v2", (string?)Assert.Single(relisted.Items)["data"]!["zoo.cfg"]);
    }

    [Fact]
    public async Task A_label_selector_limits_both_the_list_and_the_events()
    {
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("mine", labels: new() { ["app"] = "zk" }));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("other", labels: new() { ["app"] = "web" }));
        await using var watch = Watch(new WatchOptions { LabelSelector = "app=zk" });

        var listed = await Next(watch);
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("other2", labels: new() { ["app"] = "web" }));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("mine2", labels: new() { ["app"] = "zk" }));
        var added = await Next(watch);

        Assert.Equal("mine", Assert.Single(listed.Items).GetName());
        Assert.Equal("mine2", added.Object!.GetName());
    }

    [Fact]
    public async Task Watch_from_a_known_resource_version_skips_the_list()
    {
        var created = await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("a"));
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("b"));
        await using var watch = Watch(new WatchOptions { ResourceVersion = created.GetResourceVersion() });

        var first = await Next(watch);

        Assert.Equal((WatchUpdateKind.Added, "b"), (first.Kind, first.Object!.GetName()));
    }

    [Fact]
    public async Task An_error_event_other_than_gone_ends_the_watch_with_its_status()
    {
        await using var watch = Watch();
        await Next(watch);
        _server.FailNextWatch(500);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => Next(watch));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, e.Code);
        Assert.Equal("InternalError", e.Reason);
    }

    [Fact]
    public async Task A_stream_silent_past_its_timeout_is_reopened_from_the_last_position()
    {
        var clock = new ManualTimeProvider();
        using var client = _server.CreateClient(new KubernetesApiOptions { TimeProvider = clock, InitialBackoff = TimeSpan.FromMilliseconds(1), WatchStallMargin = TimeSpan.FromSeconds(5) });
        _server.IgnoreWatchTimeouts = true;
        await using var watch = client.WatchAsync(ResourceType.ConfigMap, Manifests.Namespace, new WatchOptions { TimeoutSeconds = 10 }, _stop.Token).GetAsyncEnumerator(_stop.Token);
        var listed = await Next(watch);
        var pending = Next(watch);
        await Eventually.True(() => clock.ActiveTimers == 1, "the stream is being read under a stall deadline");

        clock.Advance(TimeSpan.FromSeconds(14));
        bool reopenedEarly = WatchRequests() > 1;
        clock.Advance(TimeSpan.FromSeconds(1));
        // Giving up may reconnect at once or after a short backoff: keep time moving until it has.
        await Eventually.True(
            () =>
            {
                if (WatchRequests() < 2)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(100));
                }

                return WatchRequests() == 2;
            },
            "the watch is reopened");
        await _client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("after"));
        var added = await pending.WaitAsync(Deadline);

        Assert.False(reopenedEarly);
        Assert.Equal((WatchUpdateKind.Added, "after"), (added.Kind, added.Object!.GetName()));
        Assert.Contains($"resourceVersion={listed.ResourceVersion}&", _server.Requests.Last(r => r.Contains("watch=true", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private int WatchRequests() => _server.Requests.Count(r => r.Contains("watch=true", StringComparison.Ordinal));

    private IAsyncEnumerator<WatchUpdate> Watch(WatchOptions? options = null) =>
        _client.WatchAsync(ResourceType.ConfigMap, Manifests.Namespace, options, _stop.Token).GetAsyncEnumerator(_stop.Token);

    private static async Task<WatchUpdate> Next(IAsyncEnumerator<WatchUpdate> watch)
    {
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Deadline), "the watch ended");
        return watch.Current;
    }
}
