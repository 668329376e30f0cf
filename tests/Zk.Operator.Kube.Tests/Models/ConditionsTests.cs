using System.Text.Json.Nodes;
using Zk.Operator.Kube.Models;

namespace Zk.Operator.Kube.Tests.Models;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void The_transition_time_moves_only_when_the_status_flips()
    {
        var conditions = new List<Condition> { Ready("False", "Starting", T0) };

        bool reasonChanged = Conditions.Set(conditions, Ready("False", "WaitingForQuorum", T1));
        var afterReason = conditions[0].LastTransitionTime;
        bool flipped = Conditions.Set(conditions, Ready("True", "QuorumFormed", T1));

        Assert.True(reasonChanged);
        Assert.Equal(T0, afterReason);
        Assert.True(flipped);
        Assert.Equal(T1, conditions[0].LastTransitionTime);
        Assert.True(Conditions.IsTrue(conditions, "Ready"));
        Assert.Single(conditions);
    }

    [Fact]
    public void Setting_an_identical_condition_reports_no_change()
    {
        var conditions = new List<Condition> { Ready("True", "QuorumFormed", T0) };

        Assert.False(Conditions.Set(conditions, Ready("True", "QuorumFormed", T1)));
        Assert.Equal(T0, conditions[0].LastTransitionTime);
    }

    [Fact]
    public void An_event_names_its_object_and_gets_a_unique_name_per_instant()
    {
        var ensemble = JsonNode.Parse("""{"apiVersion":"zookeeper.zkoperator.io/v1alpha1","kind":"ZkEnsemble","metadata":{"name":"zk","namespace":"data","uid":"u1"}}""")!.AsObject();

        var first = KubeEvents.For(ensemble, KubeEvents.Normal, "Scaled", "3 -> 5", "zk-operator", T0);
        var second = KubeEvents.For(ensemble, KubeEvents.Normal, "Scaled", "5 -> 7", "zk-operator", T0.AddMilliseconds(1));

        Assert.Equal(("ZkEnsemble", "zk", "data", "u1"), (first.InvolvedObject.Kind, first.InvolvedObject.Name, first.InvolvedObject.Namespace, first.InvolvedObject.Uid));
        Assert.Equal("data", first.Metadata.Namespace);
        Assert.StartsWith("zk.", first.Metadata.Name, StringComparison.Ordinal);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    private static Condition Ready(string status, string reason, DateTimeOffset at) =>
        new() { Type = "Ready", Status = status, Reason = reason, Message = reason, LastTransitionTime = at };
}
