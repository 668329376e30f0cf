using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Resources;

public sealed class ZkEnsembleJsonTests
{
    [Fact]
    public void Quantities_written_as_numbers_are_read_as_their_text()
    {
        var ensemble = Ensembles.Customized();
        Assert.Equal("2", ensemble.Spec.Resources!.Limits!["cpu"].Value);
        Assert.Equal("20Gi", ensemble.Spec.Storage.Size.Value);
    }

    [Fact]
    public void Enums_are_read_and_written_by_name()
    {
        var ensemble = Ensembles.Customized();
        Assert.Equal(ReclaimPolicy.Delete, ensemble.Spec.Storage.ReclaimPolicy);
        var json = ensemble.ToJsonObject();
        Assert.Equal("Delete", (string?)json["spec"]!["storage"]!["reclaimPolicy"]);
        Assert.Equal("Always", (string?)json["spec"]!["imagePullPolicy"]);
    }

    [Fact]
    public void Round_trip_keeps_pass_through_objects_intact()
    {
        var ensemble = Ensembles.Customized();
        var again = ZkEnsemble.FromJson(JsonNode.Parse(ensemble.ToJsonObject().ToJsonString())!);
        Assert.Equal(
            ensemble.Spec.Pod!.TopologySpreadConstraints![0].ToJsonString(),
            again.Spec.Pod!.TopologySpreadConstraints![0].ToJsonString());
        Assert.Equal(ensemble.ToJsonObject().ToJsonString(), again.ToJsonObject().ToJsonString());
    }

    [Fact]
    public void Absent_optional_fields_are_left_out_not_written_as_null()
    {
        var json = Ensembles.Default().ToJsonObject();
        Assert.False(json["spec"]!.AsObject().ContainsKey("pod"));
        Assert.False(json.ContainsKey("status"));
    }
}
