using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Kube.Models;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.Models;

public sealed class ApiStatusTests
{
    [Fact]
    public void A_status_body_parses_with_reason_code_and_causes()
    {
        const string Body = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas",
             "reason":"Conflict","details":{"name":"zk","group":"apps","kind":"statefulsets",
             "causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\"","field":".spec.replicas"}]},"code":409}
            """;

        var status = KubeApiClient.ParseStatus(Body);

        Assert.NotNull(status);
        Assert.Equal(409, status.Code);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Failure", status.Status);
        Assert.Equal("statefulsets", status.Details!.Kind);
        Assert.Equal(".spec.replicas", Assert.Single(status.Details.Causes!).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"kind\":\"Pod\"}")]
    public void A_body_that_is_not_a_status_parses_as_none(string body)
    {
        Assert.Null(KubeApiClient.ParseStatus(body));
    }

    [Fact]
    public async Task A_server_error_surfaces_code_reason_and_message()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.PatchAsync(ResourceType.StatefulSet, Manifests.Namespace, "absent", PatchType.Merge, new JsonObject()));

        Assert.Equal(HttpStatusCode.NotFound, e.Code);
        Assert.Equal("NotFound", e.Reason);
        Assert.True(e.IsNotFound);
        Assert.Contains("statefulsets \"absent\" not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_use_whole_seconds_and_micro_times_six_fractional_digits()
    {
        var at = new DateTimeOffset(2026, 5, 4, 3, 2, 1, TimeSpan.Zero).AddTicks(1234567);
        var lease = new Lease { Spec = new LeaseSpec { RenewTime = at } };
        var condition = new Condition { Type = "Ready", Status = "True", LastTransitionTime = at };

        var leaseJson = JsonSerializer.SerializeToNode(lease, KubeJsonContext.Default.Lease)!;
        var conditionJson = JsonSerializer.SerializeToNode(condition, KubeJsonContext.Default.Condition)!;
        var roundTrip = leaseJson.Deserialize(KubeJsonContext.Default.Lease)!;

        Assert.Equal("2026-05-04T03:02:01.123456Z", (string?)leaseJson["spec"]!["renewTime"]);
        Assert.Equal("2026-05-04T03:02:01Z", (string?)conditionJson["lastTransitionTime"]);
        Assert.Equal(at.AddTicks(-7), roundTrip.Spec.RenewTime);
        Assert.Null(leaseJson["spec"]!["holderIdentity"]);
    }

    [Fact]
    public void Object_metadata_reads_from_an_untyped_manifest()
    {
        var obj = JsonNode.Parse("""
            {"metadata":{"name":"zk","namespace":"data","uid":"u1","resourceVersion":"42","generation":3,
             "labels":{"app":"zk"},"finalizers":["f"],"deletionTimestamp":"2026-01-02T03:04:05Z",
             "ownerReferences":[{"apiVersion":"zookeeper.zkoperator.io/v1alpha1","kind":"ZkEnsemble","name":"zk","uid":"e1","controller":true}]}}
            """)!.AsObject();

        var meta = obj.GetMetadata();

        Assert.Equal("data/zk", obj.GetKey());
        Assert.Equal(3, obj.GetGeneration());
        Assert.Equal("42", obj.GetResourceVersion());
        Assert.Equal("zk", meta.Labels!["app"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), meta.DeletionTimestamp);
        Assert.True(Assert.Single(meta.OwnerReferences!).Controller);
    }
}
