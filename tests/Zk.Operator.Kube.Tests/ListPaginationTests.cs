using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Kube.Informer;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests;

/// <summary>Lists come in pages of limit items, followed by their continue tokens; an expired token lists again from the start.</summary>
public sealed class ListPaginationTests : FakeServerTest
{
    private const string ListPath = "GET /api/v1/namespaces/zk/configmaps?";

    [Fact]
    public async Task A_list_longer_than_a_page_is_read_page_by_page_and_every_object_is_returned_once()
    {
        Seed(25);
        using var client = Server.CreateClient(new KubernetesApiOptions { ListPageSize = 10 });

        var list = await client.ListAsync(ResourceType.ConfigMap, Manifests.Namespace);

        Assert.Equal(Names(25), list.Items.Select(o => o.GetName()).Order());
        Assert.Equal(Server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.ResourceVersion);
        var requests = Lists();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Contains("limit=10", r, StringComparison.Ordinal));
        Assert.Equal(2, requests.Count(r => r.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list_from_the_first_page()
    {
        Seed(25);
        using var client = Server.CreateClient(new KubernetesApiOptions { ListPageSize = 10 });
        Server.ExpireNextContinues();

        var list = await client.ListAsync(ResourceType.ConfigMap, Manifests.Namespace);

        Assert.Equal(Names(25), list.Items.Select(o => o.GetName()).Order());
        Assert.Equal(2, Lists().Count(r => !r.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_continue_token_that_expires_on_every_restart_is_reported_as_gone()
    {
        Seed(25);
        using var client = Server.CreateClient(new KubernetesApiOptions { ListPageSize = 10 });
        Server.ExpireNextContinues(100);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(ResourceType.ConfigMap, Manifests.Namespace));

        Assert.True(e.IsGone, e.Message);
    }

    [Fact]
    public async Task The_fake_answers_limit_with_a_continue_token_and_the_count_of_the_items_left()
    {
        Seed(5);
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        var first = (await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/zk/configmaps?limit=2"))!;
        string token = (string)first["metadata"]!["continue"]!;
        var last = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/namespaces/zk/configmaps?limit=3&continue={Uri.EscapeDataString(token)}"))!;

        Assert.Equal(["cm-00", "cm-01"], first["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal(3, (int)first["metadata"]!["remainingItemCount"]!);
        Assert.Equal(["cm-02", "cm-03", "cm-04"], last["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Null(last["metadata"]!["continue"]);
        Assert.Equal((string?)first["metadata"]!["resourceVersion"], (string?)last["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task An_informer_over_more_objects_than_one_default_page_caches_all_of_them_and_then_watches()
    {
        Seed(501);
        using var stop = new CancellationTokenSource();
        var informer = new ResourceInformer(Client, ResourceType.ConfigMap, Manifests.Namespace);
        var running = informer.RunAsync(stop.Token);
        try
        {
            await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(501, informer.List().Count);
            Assert.Equal(2, Lists().Count(r => r.Contains("limit=500", StringComparison.Ordinal)));

            await Client.CreateAsync(ResourceType.ConfigMap, Manifests.ConfigMap("late"));
            await Eventually.True(() => informer.TryGet(Manifests.Namespace, "late", out _), "the informer sees an object created after its list", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private static List<string> Names(int count) => [.. Enumerable.Range(0, count).Select(i => $"cm-{i:00}")];

    private void Seed(int count)
    {
        foreach (string name in Names(count))
        {
            Server.Store.Seed(ResourceType.ConfigMap, Manifests.ConfigMap(name));
        }
    }

    private List<string> Lists() => [.. Server.Requests.Where(r => r.StartsWith(ListPath, StringComparison.Ordinal) && !r.Contains("watch=", StringComparison.Ordinal))];
}
