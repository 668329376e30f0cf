using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Desired;

/// <summary>
/// The full rendered objects, reviewed as YAML. The semantic tests next to this file pin the properties
/// that matter; these catch everything else changing unnoticed. The manifest validation test checks the
/// same files against the Kubernetes schemas.
/// </summary>
public sealed class GoldenManifestTests
{
    private const string HowToUpdate = "review the change, then run ZK_UPDATE_GOLDEN=1 dotnet test tests/Zk.Operator.Core.Tests";

    public static TheoryData<string> Scenarios => ["three-voters", "customized"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Rendered_objects_match_the_golden_file(string scenario)
    {
        var desired = DesiredEnsemble.From(Scenario(scenario));
        Assert.True(desired.IsValid, string.Join("; ", desired.Errors));
        var objects = desired.Render(desired.InitialLayout);
        GoldenFile.Verify(RepoPaths.Golden(scenario + ".yaml"), YamlWriter.WriteDocuments(objects.All), HowToUpdate);
    }

    [Fact]
    public void Example_manifests_are_valid_ensembles()
    {
        var examples = Directory.GetFiles(RepoPaths.Of("examples"), "*.yaml");
        Assert.NotEmpty(examples);
        foreach (string file in examples)
        {
            var ensemble = ZkEnsemble.FromJson(YamlJson.Parse(File.ReadAllText(file)));
            Assert.Equal(ZkEnsemble.KindName, ensemble.Kind);
            Assert.Empty(SpecValidator.Validate(ensemble));
        }
    }

    private static ZkEnsemble Scenario(string name) => name switch
    {
        "three-voters" => Ensembles.Default(),
        "customized" => Ensembles.Customized(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
