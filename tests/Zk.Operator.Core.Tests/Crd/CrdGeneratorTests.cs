using System.Text.Json.Nodes;
using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Crd;

public sealed class CrdGeneratorTests
{
    private const string HowToUpdate = "run `make crd` (or ZK_UPDATE_GOLDEN=1 dotnet test tests/Zk.Operator.Core.Tests) and commit the result";

    private static readonly JsonObject Crd = CrdGenerator.ZkEnsemble();

    private static JsonObject Version => Crd["spec"]!["versions"]![0]!.AsObject();

    private static JsonObject SpecSchema => Version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();

    [Fact]
    public void Committed_crd_matches_the_csharp_types()
    {
        GoldenFile.Verify(RepoPaths.Of(CrdGenerator.RepositoryPath), CrdGenerator.ZkEnsembleYaml(), HowToUpdate);
    }

    [Fact]
    public void Chart_copy_of_the_crd_matches_the_csharp_types()
    {
        GoldenFile.Verify(RepoPaths.Of(CrdGenerator.ChartCopyPath), CrdGenerator.ZkEnsembleYaml(), HowToUpdate);
    }

    [Fact]
    public void Names_group_and_scope_follow_the_issue()
    {
        Assert.Equal("zkensembles.zookeeper.zkoperator.io", (string?)Crd["metadata"]!["name"]);
        Assert.Equal("zookeeper.zkoperator.io", (string?)Crd["spec"]!["group"]);
        Assert.Equal("Namespaced", (string?)Crd["spec"]!["scope"]);
        Assert.Equal("v1alpha1", (string?)Version["name"]);
        var names = Crd["spec"]!["names"]!;
        Assert.Equal("zkensembles", (string?)names["plural"]);
        Assert.Equal("ZkEnsemble", (string?)names["kind"]);
        Assert.Contains("zke", names["shortNames"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Replicas_are_bounded_defaulted_and_must_be_odd_by_a_cel_rule()
    {
        var replicas = SpecSchema["properties"]!["replicas"]!;
        Assert.Equal(1, (long)replicas["minimum"]!);
        Assert.Equal(9, (long)replicas["maximum"]!);
        Assert.Equal(3, (int)replicas["default"]!);
        var rules = SpecSchema["x-kubernetes-validations"]!.AsArray().Select(r => (string?)r!["rule"]).ToList();
        Assert.Contains("self.replicas % 2 == 1", rules);
    }

    /// <summary>
    /// An edit of storage size or class would make every later StatefulSet apply fail (422): the API server refuses it
    /// at admission with transition rules (evaluated only on update, where oldSelf exists). No CEL evaluator is
    /// available offline here, so the rules are checked for what they compare and say.
    /// </summary>
    [Fact]
    public void Storage_size_and_class_changes_are_refused_by_transition_rules_with_a_clear_message()
    {
        var storage = SpecSchema["properties"]!["storage"]!;
        var rules = storage["x-kubernetes-validations"]!.AsArray().ToDictionary(r => (string)r!["rule"]!, r => (string)r!["message"]!);

        Assert.Equal("self.size == oldSelf.size", Assert.Single(rules.Keys, k => k.Contains("size", StringComparison.Ordinal)));
        string classRule = Assert.Single(rules.Keys, k => k.Contains("storageClassName", StringComparison.Ordinal));
        Assert.Contains("oldSelf.storageClassName", classRule, StringComparison.Ordinal);
        Assert.Contains("has(oldSelf.storageClassName)", classRule, StringComparison.Ordinal);
        Assert.StartsWith("storage.size cannot be changed after creation", rules["self.size == oldSelf.size"], StringComparison.Ordinal);
        Assert.StartsWith("storage.storageClassName cannot be changed after creation", rules[classRule], StringComparison.Ordinal);

        // Transition rules only run when the object exists before and after: storage must always be there.
        Assert.Equal("{}", storage["default"]!.ToJsonString());
        Assert.Equal("10Gi", (string?)storage["properties"]!["size"]!["default"]);
    }

    [Fact]
    public void The_pod_ready_deadline_is_a_bounded_defaulted_spec_field()
    {
        var timeout = SpecSchema["properties"]!["rollingUpdate"]!["properties"]!["podReadyTimeoutSeconds"]!;

        Assert.Equal(600, (int)timeout["default"]!);
        Assert.Equal(30, (long)timeout["minimum"]!);
        Assert.Equal(86400, (long)timeout["maximum"]!);
    }

    [Fact]
    public void Status_and_scale_subresources_point_at_the_replica_fields()
    {
        var subresources = Version["subresources"]!;
        Assert.NotNull(subresources["status"]);
        Assert.Equal(".spec.replicas", (string?)subresources["scale"]!["specReplicasPath"]);
        Assert.Equal(".status.replicas", (string?)subresources["scale"]!["statusReplicasPath"]);
        Assert.Equal(".status.selector", (string?)subresources["scale"]!["labelSelectorPath"]);

        var status = Version["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!["properties"]!;
        Assert.Equal("integer", (string?)status["replicas"]!["type"]);
        Assert.Equal("string", (string?)status["selector"]!["type"]);
    }

    [Fact]
    public void Printer_columns_are_replicas_ready_observers_leader_phase_age()
    {
        var columns = Version["additionalPrinterColumns"]!.AsArray();
        Assert.Equal(["Replicas", "Ready", "Observers", "Leader", "Phase", "Age"], columns.Select(c => (string)c!["name"]!));
        Assert.Equal("date", (string?)columns[^1]!["type"]);
    }

    [Fact]
    public void Enums_list_their_values()
    {
        var storage = SpecSchema["properties"]!["storage"]!["properties"]!;
        Assert.Equal(["Retain", "Delete"], storage["reclaimPolicy"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(
            ["IfNotPresent", "Always", "Never"],
            SpecSchema["properties"]!["imagePullPolicy"]!["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void Quantities_accept_numbers_and_strings()
    {
        var size = SpecSchema["properties"]!["storage"]!["properties"]!["size"]!;
        Assert.True((bool)size["x-kubernetes-int-or-string"]!);
        Assert.Equal("10Gi", (string?)size["default"]);
    }

    [Fact]
    public void Schema_is_structural_every_node_has_a_type_unless_explicitly_open()
    {
        var offenders = new List<string>();
        Walk(Version["schema"]!["openAPIV3Schema"]!.AsObject(), "", offenders);
        Assert.Empty(offenders);

        static void Walk(JsonObject schema, string path, List<string> offenders)
        {
            bool open = schema["x-kubernetes-int-or-string"] is not null;
            if (schema["type"] is null && !open)
            {
                offenders.Add(path);
            }

            if ((bool?)schema["x-kubernetes-preserve-unknown-fields"] == true && schema["properties"] is not null)
            {
                offenders.Add(path + " (open object with properties)");
            }

            foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
            {
                Walk(child!.AsObject(), path + "." + name, offenders);
            }

            if (schema["items"] is JsonObject items)
            {
                Walk(items, path + "[]", offenders);
            }

            if (schema["additionalProperties"] is JsonObject values)
            {
                Walk(values, path + "{}", offenders);
            }
        }
    }

    [Fact]
    public void Only_the_pass_through_kubernetes_objects_preserve_unknown_fields()
    {
        var open = new List<string>();
        Collect(Version["schema"]!["openAPIV3Schema"]!.AsObject(), "", open);
        Assert.Equal(
            [".spec.pod.affinity", ".spec.pod.tolerations[]", ".spec.pod.topologySpreadConstraints[]", ".spec.pod.securityContext"],
            open);

        static void Collect(JsonObject schema, string path, List<string> open)
        {
            if ((bool?)schema["x-kubernetes-preserve-unknown-fields"] == true)
            {
                open.Add(path);
            }

            foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
            {
                Collect(child!.AsObject(), path + "." + name, open);
            }

            if (schema["items"] is JsonObject items)
            {
                Collect(items, path + "[]", open);
            }
        }
    }

    [Fact]
    public void Config_cel_rule_names_every_denied_key_and_prefix()
    {
        var config = SpecSchema["properties"]!["config"]!;
        string rule = (string)config["x-kubernetes-validations"]![0]!["rule"]!;
        foreach (string key in ConfigPolicy.DeniedKeys)
        {
            Assert.Contains($"'{key}'", rule, StringComparison.Ordinal);
        }

        foreach (string prefix in ConfigPolicy.DeniedPrefixes)
        {
            Assert.Contains($"k.startsWith('{prefix}')", rule, StringComparison.Ordinal);
        }

        // CEL's cost estimator needs a bound on the map it iterates.
        Assert.NotNull(config["maxProperties"]);
    }

    [Fact]
    public void Every_spec_field_has_a_description()
    {
        var missing = SpecSchema["properties"]!.AsObject().Where(p => p.Value!["description"] is null).Select(p => p.Key).ToList();
        Assert.Empty(missing);
    }
}
