using System.Text.Json.Nodes;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Desired;

public sealed class BuilderTests
{
    private static DesiredObjects Render(ZkEnsemble ensemble)
    {
        var desired = DesiredEnsemble.From(ensemble);
        return desired.Render(desired.InitialLayout);
    }

    private static JsonObject PodSpec(JsonObject statefulSet) => statefulSet["spec"]!["template"]!["spec"]!.AsObject();

    private static JsonObject MainContainer(JsonObject statefulSet) => PodSpec(statefulSet)["containers"]![0]!.AsObject();

    [Fact]
    public void Voters_restart_only_when_the_operator_deletes_them_and_start_in_parallel()
    {
        var voters = Render(Ensembles.Default()).Voters;
        Assert.Equal("OnDelete", (string?)voters["spec"]!["updateStrategy"]!["type"]);
        Assert.Equal("Parallel", (string?)voters["spec"]!["podManagementPolicy"]);
        Assert.Equal(3, (int)voters["spec"]!["replicas"]!);
        Assert.Equal("zk-hs", (string?)voters["spec"]!["serviceName"]);
    }

    [Fact]
    public void Every_member_keeps_its_data_on_a_claim_of_the_requested_size()
    {
        var ensemble = Ensembles.Default();
        ensemble.Spec.Storage = new StorageSpec { Size = "7Gi", StorageClassName = "gold", ReclaimPolicy = ReclaimPolicy.Delete };
        var voters = Render(ensemble).Voters;
        var claim = voters["spec"]!["volumeClaimTemplates"]![0]!;
        Assert.Equal("7Gi", (string?)claim["spec"]!["resources"]!["requests"]!["storage"]);
        Assert.Equal("gold", (string?)claim["spec"]!["storageClassName"]);
        Assert.Equal("Delete", (string?)voters["spec"]!["persistentVolumeClaimRetentionPolicy"]!["whenScaled"]);
        Assert.Contains(MainContainer(voters)["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == (string?)claim["metadata"]!["name"] && (string?)m!["mountPath"] == "/data");
    }

    [Fact]
    public void Myid_is_ordinal_plus_one_for_voters_and_above_the_voter_range_for_observers()
    {
        var objects = Render(Ensembles.Default(observers: 1));
        static string Offset(JsonObject sts) => (string)PodSpec(sts)["initContainers"]![0]!["env"]!.AsArray()
            .Single(e => (string?)e!["name"] == "ZK_MYID_OFFSET")!["value"]!;
        Assert.Equal("1", Offset(objects.Voters));
        Assert.Equal(EnsembleNames.ObserverIdBase.ToString(System.Globalization.CultureInfo.InvariantCulture), Offset(objects.Observers!));
        string script = (string)PodSpec(objects.Voters)["initContainers"]![0]!["command"]![2]!;
        Assert.Contains("${HOSTNAME##*-}", script, StringComparison.Ordinal);
        Assert.Contains("/data/myid", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_prefer_different_nodes_by_default_and_take_the_users_affinity_instead_when_given()
    {
        var defaults = PodSpec(Render(Ensembles.Default()).Voters)["affinity"]!;
        var preferred = defaults["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!;
        Assert.Equal("kubernetes.io/hostname", (string?)preferred["podAffinityTerm"]!["topologyKey"]);
        Assert.Null(defaults["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]);

        var custom = Ensembles.Default();
        custom.Spec.Pod = new PodOverrides { Affinity = new JsonObject { ["nodeAffinity"] = new JsonObject() } };
        var affinity = PodSpec(Render(custom).Voters)["affinity"]!.AsObject();
        Assert.Equal(["nodeAffinity"], affinity.Select(kv => kv.Key));
    }

    [Fact]
    public void Members_run_as_non_root_with_a_read_only_root_filesystem()
    {
        var voters = Render(Ensembles.Default()).Voters;
        Assert.True((bool)PodSpec(voters)["securityContext"]!["runAsNonRoot"]!);
        foreach (var container in PodSpec(voters)["containers"]!.AsArray().Concat(PodSpec(voters)["initContainers"]!.AsArray()))
        {
            Assert.True((bool)container!["securityContext"]!["readOnlyRootFilesystem"]!);
            Assert.False((bool)container!["securityContext"]!["allowPrivilegeEscalation"]!);
        }
    }

    [Fact]
    public void User_security_context_overrides_single_fields_and_keeps_the_other_defaults()
    {
        var pod = PodSpec(Render(Ensembles.Customized()).Voters)["securityContext"]!;
        Assert.Equal(2000, (int)pod["runAsUser"]!);
        Assert.True((bool)pod["runAsNonRoot"]!);
    }

    [Fact]
    public void Readiness_asks_whether_the_member_serves_in_a_quorum_and_liveness_only_whether_it_listens()
    {
        var container = MainContainer(Render(Ensembles.Default()).Voters);
        string readiness = string.Join(' ', container["readinessProbe"]!["exec"]!["command"]!.AsArray().Select(c => (string?)c));
        Assert.Contains("srvr", readiness, StringComparison.Ordinal);
        Assert.Contains("leader|follower|observer", readiness, StringComparison.Ordinal);
        Assert.NotNull(container["livenessProbe"]!["tcpSocket"]);
    }

    [Fact]
    public void Headless_service_publishes_members_before_they_are_ready()
    {
        var objects = Render(Ensembles.Default());
        Assert.Equal("None", (string?)objects.HeadlessService["spec"]!["clusterIP"]);
        Assert.True((bool)objects.HeadlessService["spec"]!["publishNotReadyAddresses"]!);
        Assert.Null(objects.ClientService["spec"]!["publishNotReadyAddresses"]);
        Assert.Equal(2181, (int)objects.ClientService["spec"]!["ports"]![0]!["port"]!);
    }

    [Fact]
    public void Disruption_budget_allows_one_voter_down_and_ignores_observers()
    {
        var pdb = Render(Ensembles.Default(observers: 2)).PodDisruptionBudget;
        Assert.Equal(1, (int)pdb["spec"]!["maxUnavailable"]!);
        Assert.Equal("voter", (string?)pdb["spec"]!["selector"]!["matchLabels"]![EnsembleLabels.Component]);
    }

    [Fact]
    public void Every_object_is_owned_by_the_ensemble_and_labelled()
    {
        var ensemble = Ensembles.Default(observers: 1);
        foreach (var manifest in Render(ensemble).All)
        {
            var owner = manifest["metadata"]!["ownerReferences"]![0]!;
            Assert.Equal(ensemble.Metadata.Uid, (string?)owner["uid"]);
            Assert.True((bool)owner["controller"]!);
            Assert.Equal("ZkEnsemble", (string?)owner["kind"]);
            var labels = manifest["metadata"]!["labels"]!;
            Assert.Equal("zk", (string?)labels[EnsembleLabels.Instance]);
            Assert.Equal("zk-operator", (string?)labels[EnsembleLabels.ManagedBy]);
            Assert.Equal("data", (string?)manifest["metadata"]!["namespace"]);
        }
    }

    [Fact]
    public void Statefulset_selectors_match_their_pod_template_labels()
    {
        var objects = Render(Ensembles.Customized());
        foreach (var sts in new[] { objects.Voters, objects.Observers! })
        {
            var templateLabels = sts["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            foreach (var (key, value) in sts["spec"]!["selector"]!["matchLabels"]!.AsObject())
            {
                Assert.Equal((string?)value, (string?)templateLabels[key]);
            }
        }

        Assert.Equal("orders", (string?)objects.Voters["spec"]!["template"]!["metadata"]!["labels"]!["team"]);
    }

    [Fact]
    public void Configmap_lists_every_member_with_its_role_and_stable_dns_name()
    {
        var objects = Render(Ensembles.Default(observers: 1));
        string dynamic = (string)objects.ConfigMap["data"]![ZooCfg.DynamicFileName]!;
        var servers = dynamic.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => ServerEntry.TryParse(l)!).ToList();
        Assert.Equal([1, 2, 3, 100], servers.Select(s => s.Id));
        Assert.Equal("zk-0.zk-hs.data.svc.cluster.local", servers[0].Host);
        Assert.Equal("zk-observer-0.zk-hs.data.svc.cluster.local", servers[3].Host);
        Assert.Equal(ServerRole.Observer, servers[3].Role);
        Assert.All(servers, s => Assert.Equal("0.0.0.0:2181", s.ClientAddress));
        Assert.StartsWith("server.1=zk-0.zk-hs.data.svc.cluster.local:2888:3888:participant;0.0.0.0:2181", dynamic, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_hash_changes_with_a_restart_request_but_not_with_membership()
    {
        var ensemble = Ensembles.Default();
        var before = DesiredEnsemble.From(ensemble);
        ensemble.Spec.RestartRequestedAt = "2030-01-01T00:00:00Z";
        var after = DesiredEnsemble.From(ensemble);
        Assert.NotEqual(before.VoterTemplateHash, after.VoterTemplateHash);

        var three = before.Render(before.InitialLayout);
        var five = before.Render(EnsembleLayout.Initial(before.Names, 5, 0));
        Assert.Equal(
            (string?)three.Voters["spec"]!["template"]!["metadata"]!["annotations"]![ZkAnnotations.TemplateHash],
            (string?)five.Voters["spec"]!["template"]!["metadata"]!["annotations"]![ZkAnnotations.TemplateHash]);
        Assert.NotEqual(ObjectHash.Read(three.ConfigMap), ObjectHash.Read(five.ConfigMap));
    }

    [Fact]
    public void Template_hash_changes_with_a_config_override()
    {
        var ensemble = Ensembles.Default();
        var before = DesiredEnsemble.From(ensemble).VoterTemplateHash;
        ensemble.Spec.Config = new() { ["maxClientCnxns"] = "10" };
        Assert.NotEqual(before, DesiredEnsemble.From(ensemble).VoterTemplateHash);
    }

    [Fact]
    public void Applied_hash_ignores_replicas_so_scaling_is_not_drift()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default());
        var three = desired.Render(EnsembleLayout.Initial(desired.Names, 3, 0) with { VoterPods = 3 });
        var four = desired.Render(EnsembleLayout.Initial(desired.Names, 3, 0) with { VoterPods = 4 });
        Assert.NotEqual((int)three.Voters["spec"]!["replicas"]!, (int)four.Voters["spec"]!["replicas"]!);
        Assert.Equal(ObjectHash.Read(three.Voters), ObjectHash.Read(four.Voters));
    }

    [Fact]
    public void Observers_statefulset_exists_only_when_observers_are_wanted()
    {
        Assert.Null(Render(Ensembles.Default()).Observers);
        Assert.Equal("zk-observer", (string?)Render(Ensembles.Default(observers: 2)).Observers!["metadata"]!["name"]);
    }

    [Fact]
    public void The_admin_secret_holds_the_password_and_the_digest_zookeeper_computes_for_it()
    {
        var ensemble = Ensembles.Default();
        var secret = AdminSecretBuilder.Build(ensemble, DesiredEnsemble.From(ensemble).Names, "zk-operator-local");

        // ZooKeeper's own tool: DigestAuthenticationProvider super:zk-operator-local -> super:/B8qdH/zGuWY6kk39bz4bKjKO+Q=
        Assert.Equal("super:/B8qdH/zGuWY6kk39bz4bKjKO+Q=", AdminSecretBuilder.Digest("zk-operator-local"));
        Assert.Equal("zk-admin", (string?)secret["metadata"]!["name"]);
        Assert.Equal("zk", (string?)secret["metadata"]!["ownerReferences"]![0]!["name"]);
        Assert.Equal("zk-operator-local", AdminSecretBuilder.PasswordOf(secret));
        Assert.Equal(
            "super:/B8qdH/zGuWY6kk39bz4bKjKO+Q=",
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]![AdminSecretBuilder.DigestKey]!)));
    }

    [Fact]
    public void Members_read_the_super_digest_from_the_admin_secret_and_never_from_the_config_map()
    {
        var objects = Render(Ensembles.Default());
        var init = PodSpec(objects.Voters)["initContainers"]![0]!;
        var digest = init["env"]!.AsArray().Single(e => (string?)e!["name"] == "ZK_SUPER_DIGEST")!;

        Assert.Equal("zk-admin", (string?)digest["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal(AdminSecretBuilder.DigestKey, (string?)digest["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.Contains($"{ZooCfg.SuperDigestKey}=${{ZK_SUPER_DIGEST}}\" >> {ZooCfg.RuntimeConfigDir}/{ZooCfg.StaticFileName}", (string)init["command"]![2]!, StringComparison.Ordinal);
        Assert.DoesNotContain("superDigest", objects.ConfigMap.ToJsonString(), StringComparison.Ordinal);
        Assert.True(ConfigPolicy.IsDenied(ZooCfg.SuperDigestKey));
    }
}
