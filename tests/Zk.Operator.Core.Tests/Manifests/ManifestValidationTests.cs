using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>Checks what the operator and the repository produce against the real Kubernetes schemas.</summary>
public sealed class ManifestValidationTests
{
    [Fact]
    public void Golden_manifests_crd_and_examples_pass_kubernetes_schema_validation()
    {
        var files = Directory.GetFiles(RepoPaths.Of(Path.Combine("tests", "Zk.Operator.Core.Tests", "Golden")), "*.yaml")
            .Append(RepoPaths.Of(CrdGenerator.RepositoryPath))
            .Concat(Directory.GetFiles(RepoPaths.Of("examples"), "*.yaml"))
            .ToList();
        var result = ManifestValidator.Validate(files);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains(" 0 failed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_rejects_a_bad_built_in_object_a_misspelled_custom_resource_field_and_a_cel_rule_breach()
    {
        string dir = Directory.CreateTempSubdirectory("zk-manifests-").FullName;
        try
        {
            string bad = Path.Combine(dir, "bad.yaml");
            File.WriteAllText(bad, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: broken
                spec:
                  ports:
                  - port: not-a-number
                ---
                apiVersion: zookeeper.zkoperator.io/v1alpha1
                kind: ZkEnsemble
                metadata:
                  name: typo
                spec:
                  replica: 3
                ---
                apiVersion: zookeeper.zkoperator.io/v1alpha1
                kind: ZkEnsemble
                metadata:
                  name: even
                spec:
                  replicas: 4
                """);
            var result = ManifestValidator.Validate([RepoPaths.Of(CrdGenerator.RepositoryPath), bad]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Service/broken", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("ZkEnsemble/typo", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("ZkEnsemble/even", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("spec x-kubernetes-validations[0]: replicas must be odd", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(" 3 failed", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
