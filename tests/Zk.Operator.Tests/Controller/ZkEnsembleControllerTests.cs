using System.Text.Json.Nodes;
using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Kube;
using Zk.Operator.Runtime;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Controller;

public sealed class ZkEnsembleControllerTests
{
    [Fact]
    public async Task A_new_ensemble_gets_every_owned_object_applied_with_an_owner_reference()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var created = fx.Create(ControllerFixture.Ensemble(observers: 1));

        var result = await fx.ReconcileAsync();

        // What the Core renders for a new ensemble is what must now exist, hash for hash.
        var stored = ZkEnsemble.FromJson(created);
        var desired = DesiredEnsemble.From(stored).Render(DesiredEnsemble.From(stored).InitialLayout);
        foreach (var expected in desired.All)
        {
            var actual = fx.Peek(KubernetesRuntime.TypeOf(expected), expected.GetName()!);
            Assert.NotNull(actual);
            Assert.Equal(ObjectHash.Read(expected), ObjectHash.Read(actual));
            var owner = Assert.Single(actual["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal(created.GetUid(), (string?)owner["uid"]);
            Assert.Equal("ZkEnsemble", (string?)owner["kind"]);
            Assert.True((bool?)owner["controller"]);
        }

        Assert.Equal(3, (int?)fx.Peek(ResourceType.StatefulSet, "zk")!["spec"]!["replicas"]);
        Assert.Equal(1, (int?)fx.Peek(ResourceType.StatefulSet, "zk-observer")!["spec"]!["replicas"]);
        Assert.Contains("zk-operator", fx.Server.Store.OwnersOf(ResourceType.StatefulSet, ControllerFixture.Namespace, "zk", ".spec.serviceName"));
        Assert.Equal(TimeSpan.FromSeconds(1), result.RequeueAfter);
    }

    [Fact]
    public async Task The_configured_cluster_domain_is_where_the_members_find_each_other()
    {
        await using var fx = await ControllerFixture.StartAsync(options: new ControllerOptions { ClusterDomain = "example.internal" });
        fx.Create(ControllerFixture.Ensemble());

        await fx.ReconcileAsync();

        string dynamic = (string)fx.Peek(ResourceType.ConfigMap, "zk-config")!["data"]![ZooCfg.DynamicFileName]!;
        Assert.Contains("server.1=zk-0.zk-hs.zk.svc.example.internal:2888:3888", dynamic, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster.local", dynamic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconciling_adds_the_finalizer_and_writes_a_progressing_status()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());

        await fx.ReconcileAsync();

        var after = await fx.GetAsync();
        Assert.Contains(ZkEnsembleController.Finalizer, after.GetMetadata().Finalizers ?? []);
        var status = ZkEnsemble.FromJson(after).Status;
        Assert.NotNull(status);
        Assert.Equal(after.GetGeneration(), status.ObservedGeneration);
        Assert.Equal(EnsemblePhase.Pending, status.Phase);
        Assert.True(Conditions.IsTrue(status.Conditions, ConditionTypes.Progressing));
        Assert.False(Conditions.IsTrue(status.Conditions, ConditionTypes.Available));
        Assert.False(Conditions.IsTrue(status.Conditions, ConditionTypes.Degraded));
        Assert.Contains(await fx.EventsAsync(), e => (string?)e["reason"] == "Applied" && (string?)e["type"] == "Normal");
    }

    [Fact]
    public async Task Without_members_the_second_reconcile_waits_and_requeues_while_progressing()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        await fx.ReconcileAsync();

        var result = await fx.ReconcileAsync();

        Assert.Equal("waiting", result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(5), result.RequeueAfter);
        var status = ZkEnsemble.FromJson(await fx.GetAsync()).Status!;
        Assert.Equal(EnsemblePhase.Creating, status.Phase);
        Assert.True(Conditions.IsTrue(status.Conditions, ConditionTypes.Progressing));
    }

    [Fact]
    public async Task A_reconcile_with_nothing_changed_writes_nothing()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        await fx.ReconcileAsync();
        await fx.ReconcileAsync();
        long before = fx.Server.Store.ResourceVersion;
        int requests = fx.Server.Requests.Count;

        await fx.ReconcileAsync();

        Assert.Equal(before, fx.Server.Store.ResourceVersion);
        var writes = fx.Server.Requests.Skip(requests).Where(r => !r.StartsWith("GET", StringComparison.Ordinal)).ToList();
        Assert.Empty(writes);
    }

    [Fact]
    public async Task The_admin_secret_is_created_once_with_a_random_password_and_kept()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        await using var other = await ControllerFixture.StartAsync();
        other.Create(ControllerFixture.Ensemble());

        await fx.ReconcileAsync();
        var secret = fx.Peek(ResourceType.Secret, "zk-admin");
        await fx.ReconcileAsync();
        await other.ReconcileAsync();

        Assert.NotNull(secret);
        string? password = AdminSecretBuilder.PasswordOf(secret);
        Assert.True(password is { Length: >= 32 }, password);
        Assert.Equal("zk", (string?)secret["metadata"]!["ownerReferences"]![0]!["name"]);
        Assert.Equal(secret.GetResourceVersion(), fx.Peek(ResourceType.Secret, "zk-admin")!.GetResourceVersion());
        Assert.NotEqual(password, AdminSecretBuilder.PasswordOf(other.Peek(ResourceType.Secret, "zk-admin")!));
    }

    [Fact]
    public async Task An_existing_admin_secret_is_used_as_it_is()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var ensemble = ControllerFixture.Ensemble();
        var stored = ZkEnsemble.FromJson(fx.Create(ensemble));
        var desired = DesiredEnsemble.From(stored);
        fx.Server.Store.Seed(ResourceType.Secret, AdminSecretBuilder.Build(stored, desired.Names, "chosen-by-the-user"));

        await fx.ReconcileAsync();

        Assert.Equal("chosen-by-the-user", await new KubernetesRuntime(fx.Api, fx.Time).SuperPasswordAsync(desired, CancellationToken.None));
        Assert.Equal("chosen-by-the-user", AdminSecretBuilder.PasswordOf(fx.Peek(ResourceType.Secret, "zk-admin")!));
    }

    [Fact]
    public async Task A_deleted_owned_object_is_applied_again()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        await fx.ReconcileAsync();

        await fx.Api.DeleteAsync(ResourceType.ConfigMap, ControllerFixture.Namespace, "zk-config");
        Assert.Null(fx.Peek(ResourceType.ConfigMap, "zk-config"));
        await fx.ReconcileAsync();

        Assert.NotNull(fx.Peek(ResourceType.ConfigMap, "zk-config"));
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(3, "dataDir")]
    [InlineData(3, "server.1")]
    public async Task An_invalid_spec_gets_a_degraded_condition_and_an_event_and_nothing_is_applied(int replicas, string? deniedKey)
    {
        await using var fx = await ControllerFixture.StartAsync();
        var ensemble = ControllerFixture.Ensemble(replicas: replicas);
        if (deniedKey is not null)
        {
            ensemble.Spec.Config = new Dictionary<string, string> { [deniedKey] = "/elsewhere" };
        }

        fx.Create(ensemble);

        var result = await fx.ReconcileAsync();

        Assert.Equal("invalid", result.Outcome);
        Assert.Null(result.RequeueAfter);
        var after = await fx.GetAsync();
        var status = ZkEnsemble.FromJson(after).Status!;
        var degraded = Conditions.Find(status.Conditions, ConditionTypes.Degraded);
        Assert.Equal(ConditionStatus.True, degraded?.Status);
        Assert.Equal("ValidationFailed", degraded?.Reason);
        Assert.Contains(deniedKey is null ? "spec.replicas" : $"spec.config.{deniedKey}", degraded!.Message, StringComparison.Ordinal);
        Assert.Equal(EnsemblePhase.Invalid, status.Phase);
        Assert.Contains(await fx.EventsAsync(), e => (string?)e["reason"] == "ValidationFailed" && (string?)e["type"] == "Warning");

        Assert.Null(fx.Peek(ResourceType.StatefulSet, "zk"));
        Assert.Null(fx.Peek(ResourceType.ConfigMap, "zk-config"));
        Assert.Null(fx.Peek(ResourceType.Service, "zk-hs"));
        Assert.Null(fx.Peek(ResourceType.PodDisruptionBudget, "zk"));
        Assert.Empty(after.GetMetadata().Finalizers ?? []);
    }

    [Fact]
    public async Task An_invalid_spec_is_reported_once_not_on_every_reconcile()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble(replicas: 4));
        await fx.ReconcileAsync();
        long before = fx.Server.Store.ResourceVersion;

        await fx.ReconcileAsync();

        Assert.Equal(before, fx.Server.Store.ResourceVersion);
        Assert.Single(await fx.EventsAsync());
    }

    [Fact]
    public async Task Fixing_an_invalid_spec_clears_degraded_and_applies_the_objects()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble(replicas: 4));
        await fx.ReconcileAsync();

        var entity = await fx.GetAsync();
        entity["spec"]!["replicas"] = 5;
        await fx.Api.ReplaceAsync(ResourceType.ZkEnsemble, entity);
        await fx.ReconcileAsync();

        var status = ZkEnsemble.FromJson(await fx.GetAsync()).Status!;
        Assert.False(Conditions.IsTrue(status.Conditions, ConditionTypes.Degraded));
        Assert.Equal(5, (int?)fx.Peek(ResourceType.StatefulSet, "zk")!["spec"]!["replicas"]);
    }

    [Fact]
    public async Task A_conflict_on_the_status_write_requeues_instead_of_failing()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        fx.Server.InjectFailures(1, 409, method: "PUT");

        var result = await fx.ReconcileAsync();

        Assert.Equal("conflict", result.Outcome);
        Assert.NotNull(result.RequeueAfter);
        Assert.Null(ZkEnsemble.FromJson(await fx.GetAsync()).Status);

        await fx.ReconcileAsync();
        Assert.NotNull(ZkEnsemble.FromJson(await fx.GetAsync()).Status);
    }

    [Fact]
    public async Task A_status_computed_from_a_stale_read_conflicts_and_requeues()
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble());
        var stale = await fx.GetAsync();

        // Someone edits the resource between our read and our write.
        var fresh = await fx.GetAsync();
        fresh["metadata"]!["labels"] = new JsonObject { ["team"] = "storage" };
        await fx.Api.ReplaceAsync(ResourceType.ZkEnsemble, fresh);

        var result = await fx.Controller.ReconcileAsync(stale, CancellationToken.None);

        Assert.Equal("conflict", result.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(200), result.RequeueAfter);
    }

    [Theory]
    [InlineData(ReclaimPolicy.Delete, true)]
    [InlineData(ReclaimPolicy.Retain, false)]
    public async Task Deletion_deletes_volume_claims_only_for_reclaim_policy_delete_and_removes_the_finalizer(ReclaimPolicy policy, bool claimsDeleted)
    {
        await using var fx = await ControllerFixture.StartAsync();
        fx.Create(ControllerFixture.Ensemble(reclaim: policy));
        await fx.ReconcileAsync();
        fx.Server.Store.Seed(ResourceType.PersistentVolumeClaim, Claim("data-zk-0", "zk"));
        fx.Server.Store.Seed(ResourceType.PersistentVolumeClaim, Claim("data-zk-1", "zk"));
        fx.Server.Store.Seed(ResourceType.PersistentVolumeClaim, Claim("data-other-0", "other"));

        await fx.Api.DeleteAsync(ResourceType.ZkEnsemble, ControllerFixture.Namespace, "zk");
        var terminating = await fx.GetAsync();
        Assert.NotNull(terminating["metadata"]!["deletionTimestamp"]);
        var result = await fx.Controller.ReconcileAsync(terminating, CancellationToken.None);

        Assert.Equal("finalized", result.Outcome);
        Assert.Null(await fx.Api.GetAsync(ResourceType.ZkEnsemble, ControllerFixture.Namespace, "zk"));
        Assert.Equal(!claimsDeleted, fx.Peek(ResourceType.PersistentVolumeClaim, "data-zk-0") is not null);
        Assert.Equal(!claimsDeleted, fx.Peek(ResourceType.PersistentVolumeClaim, "data-zk-1") is not null);
        Assert.NotNull(fx.Peek(ResourceType.PersistentVolumeClaim, "data-other-0"));
    }

    [Fact]
    public async Task A_resource_without_the_finalizer_is_left_alone_on_deletion()
    {
        await using var fx = await ControllerFixture.StartAsync();
        var entity = fx.Create(ControllerFixture.Ensemble(reclaim: ReclaimPolicy.Delete));
        fx.Server.Store.Seed(ResourceType.PersistentVolumeClaim, Claim("data-zk-0", "zk"));
        entity["metadata"]!["deletionTimestamp"] = "2025-01-01T00:00:00Z";

        var result = await fx.Controller.DeletedAsync(entity, CancellationToken.None);

        Assert.Equal("finalized", result.Outcome);
        Assert.NotNull(fx.Peek(ResourceType.PersistentVolumeClaim, "data-zk-0"));
    }

    private static JsonObject Claim(string name, string ensemble) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ControllerFixture.Namespace,
            ["labels"] = new JsonObject
            {
                [EnsembleLabels.Name] = EnsembleLabels.AppName,
                [EnsembleLabels.Instance] = ensemble,
                [EnsembleLabels.Component] = EnsembleLabels.VoterComponent,
            },
        },
        ["spec"] = new JsonObject { ["accessModes"] = new JsonArray("ReadWriteOnce") },
    };
}
