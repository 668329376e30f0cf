using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// The fake API server enforcing the chart's RBAC on the operator's service account, request by request over
/// plain HTTP (independent of the client library): what the chart grants passes, anything else is a 403 Status.
/// </summary>
public sealed class FakeRbacTests
{
    private const string Token = "operator-token";
    private const string Ensembles = "/apis/zookeeper.zkoperator.io/v1alpha1";

    [Theory]
    [InlineData("cluster-wide", "GET", Ensembles + "/zkensembles?watch=true&timeoutSeconds=1", HttpStatusCode.OK)]
    [InlineData("cluster-wide", "GET", Ensembles + "/zkensembles", HttpStatusCode.OK)]
    [InlineData("cluster-wide", "GET", "/api/v1/namespaces/zk/pods", HttpStatusCode.OK)]
    [InlineData("cluster-wide", "GET", "/api/v1/namespaces/zk/persistentvolumeclaims", HttpStatusCode.OK)]
    [InlineData("cluster-wide", "GET", "/api/v1/namespaces/zk/secrets/zk-admin", HttpStatusCode.NotFound)]
    [InlineData("cluster-wide", "GET", "/api/v1/namespaces/zk/secrets", HttpStatusCode.Forbidden)]
    [InlineData("cluster-wide", "DELETE", Ensembles + "/namespaces/zk/zkensembles/zk", HttpStatusCode.Forbidden)]
    [InlineData("cluster-wide", "DELETE", "/api/v1/namespaces/zk/configmaps/zk-config", HttpStatusCode.Forbidden)]
    [InlineData("cluster-wide", "GET", "/api/v1/namespaces/zk/persistentvolumeclaims/data-zk-0", HttpStatusCode.Forbidden)]
    [InlineData("cluster-wide", "GET", "/apis/coordination.k8s.io/v1/namespaces/zk-system/leases/zk-operator-leader", HttpStatusCode.NotFound)]
    [InlineData("cluster-wide", "GET", "/apis/coordination.k8s.io/v1/namespaces/zk-system/leases/someone-elses", HttpStatusCode.Forbidden)]
    [InlineData("cluster-wide", "GET", "/apis/coordination.k8s.io/v1/namespaces/zk/leases/zk-operator-leader", HttpStatusCode.Forbidden)]
    [InlineData("no-leader-election", "GET", "/apis/coordination.k8s.io/v1/namespaces/zk-system/leases/zk-operator-leader", HttpStatusCode.Forbidden)]
    [InlineData("namespaced", "GET", Ensembles + "/zkensembles", HttpStatusCode.Forbidden)]
    [InlineData("namespaced", "GET", Ensembles + "/namespaces/zk/zkensembles", HttpStatusCode.OK)]
    [InlineData("namespaced", "GET", Ensembles + "/namespaces/other/zkensembles", HttpStatusCode.OK)]
    [InlineData("namespaced", "GET", Ensembles + "/namespaces/elsewhere/zkensembles", HttpStatusCode.Forbidden)]
    [InlineData("namespaced", "GET", "/api/v1/namespaces/elsewhere/pods", HttpStatusCode.Forbidden)]
    [InlineData("namespaced", "GET", "/apis/coordination.k8s.io/v1/namespaces/zk-system/leases/zk-operator-leader", HttpStatusCode.NotFound)]
    public async Task The_operator_may_do_what_the_chart_grants_and_nothing_else(string chart, string method, string path, HttpStatusCode expected)
    {
        await using var server = await StartAsync(FakeRbac.FromChart(chart));
        using var http = Client(server, Token);

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_refusal_is_a_forbidden_status_naming_the_user_verb_resource_and_namespace()
    {
        var rbac = FakeRbac.FromChart("cluster-wide");
        await using var server = await StartAsync(rbac);
        using var http = Client(server, Token);

        using var response = await http.GetAsync(new Uri("/api/v1/namespaces/zk/secrets", UriKind.Relative));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal(403, (int?)status["code"]);
        Assert.Equal(
            "secrets is forbidden: User \"system:serviceaccount:zk-system:zk-operator\" cannot list resource \"secrets\" in API group \"\" in the namespace \"zk\"",
            (string?)status["message"]);
        Assert.Equal(["system:serviceaccount:zk-system:zk-operator list /secrets zk/"], rbac.Denials);
    }

    [Fact]
    public async Task The_lease_is_created_read_and_updated_only_with_leader_election_rbac()
    {
        await using var server = await StartAsync(FakeRbac.FromChart("cluster-wide"));
        using var http = Client(server, Token);
        const string leases = "/apis/coordination.k8s.io/v1/namespaces/zk-system/leases";
        var lease = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = "zk-operator-leader", ["namespace"] = "zk-system" },
            ["spec"] = new JsonObject { ["holderIdentity"] = "a", ["leaseDurationSeconds"] = 15 },
        };

        using var created = await http.PostAsync(new Uri(leases, UriKind.Relative), Json(lease));
        var stored = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        stored["spec"]!["holderIdentity"] = "b";
        using var updated = await http.PutAsync(new Uri(leases + "/zk-operator-leader", UriKind.Relative), Json(stored));
        using var patched = await http.PatchAsync(new Uri(leases + "/zk-operator-leader", UriKind.Relative), Json(new JsonObject(), "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patched.StatusCode);
    }

    [Fact]
    public async Task An_apply_that_creates_needs_create_and_one_that_updates_only_patch()
    {
        var rbac = FakeRbac.FromChart("cluster-wide").Without("", "configmaps", "create");
        await using var server = await StartAsync(rbac);
        using var http = Client(server, Token);
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "zk-config", ["namespace"] = "zk" },
            ["data"] = new JsonObject { ["a"] = "1" },
        };
        var uri = new Uri("/api/v1/namespaces/zk/configmaps/zk-config?fieldManager=zk-operator&force=true", UriKind.Relative);

        using var creating = await http.PatchAsync(uri, Json(configMap, "application/apply-patch+yaml"));
        server.Store.Seed(ResourceType.ConfigMap, configMap);
        using var updating = await http.PatchAsync(uri, Json(configMap, "application/apply-patch+yaml"));

        Assert.Equal(HttpStatusCode.Forbidden, creating.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updating.StatusCode);
    }

    [Fact]
    public async Task An_owner_reference_blocking_deletion_needs_update_on_the_owners_finalizers()
    {
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "zk-config",
                ["namespace"] = "zk",
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "zookeeper.zkoperator.io/v1alpha1",
                    ["kind"] = "ZkEnsemble",
                    ["name"] = "zk",
                    ["uid"] = "u1",
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
        };
        var uri = new Uri("/api/v1/namespaces/zk/configmaps", UriKind.Relative);

        await using var granted = await StartAsync(FakeRbac.FromChart("cluster-wide"));
        using var grantedHttp = Client(granted, Token);
        using var allowed = await grantedHttp.PostAsync(uri, Json(configMap));
        await using var withheld = await StartAsync(FakeRbac.FromChart("cluster-wide").Without("zookeeper.zkoperator.io", "zkensembles/finalizers", "update"));
        using var withheldHttp = Client(withheld, Token);
        using var refused = await withheldHttp.PostAsync(uri, Json(configMap));

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cannot update resource \"zkensembles/finalizers\"", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_is_unauthorized_and_a_request_without_one_is_the_tests_administrator()
    {
        await using var server = await StartAsync(FakeRbac.FromChart("namespaced"));
        using var stranger = Client(server, "who-knows");
        using var admin = Client(server, null);

        using var unauthorized = await stranger.GetAsync(new Uri("/api/v1/namespaces/zk/pods", UriKind.Relative));
        using var administered = await admin.GetAsync(new Uri("/api/v1/namespaces/zk/secrets", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, administered.StatusCode);
    }

    private static async Task<FakeKubeApiServer> StartAsync(FakeRbac rbac)
    {
        var server = await FakeKubeApiServer.StartAsync();
        server.Authorizer = rbac.AddToken(Token, FakeRbac.OperatorUser);
        return server;
    }

    private static HttpClient Client(FakeKubeApiServer server, string? token)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static StringContent Json(JsonNode body, string contentType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
}
