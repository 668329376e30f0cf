using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Planning;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Desired;

/// <summary>
/// The membership the ConfigMap's zoo.cfg.dynamic lists: the committed configuration plus at most the one member
/// the scale plan adds next (ZooKeeper admits one joiner at a time), and the cluster domain its hosts end in.
/// </summary>
public sealed class EnsembleLayoutTests
{
    public static TheoryData<string, string, int, int, string> Rows() => new()
    {
        // committed ids, target voters, target observers, listed ids
        { "scale 3 -> 5: only the next voter joins", "1,2,3", 5, 0, "1,2,3,4" },
        { "scale 3 -> 5, one added: the last one joins", "1,2,3,4", 5, 0, "1,2,3,4,5" },
        { "scale 1 -> 9: one joiner, not eight", "1", 9, 0, "1,2" },
        { "a gap below the target is filled first", "1,3", 3, 0, "1,2,3" },
        { "observers join one at a time after the voters", "1,2,3", 3, 2, "1,2,3,100" },
        { "the second observer joins after the first", "1,2,3,100", 3, 2, "1,2,3,100,101" },
        { "voters before observers when both grow", "1,2,3", 5, 2, "1,2,3,4" },
        { "no observer joins while voters shrink", "1,2,3,4,5", 3, 1, "1,2,3,4,5" },
        { "scale down lists the committed members until they leave", "1,2,3,4,5", 3, 0, "1,2,3,4,5" },
        { "settled: exactly the committed members", "1,2,3,100", 3, 1, "1,2,3,100" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_membership_file_lists_the_committed_members_and_at_most_one_joiner(string name, string committed, int voters, int observers, string expected)
    {
        var names = new EnsembleNames("zk", "data");
        var config = new EnsembleConfig(0x100000000, [.. committed.Split(',').Select(int.Parse).Select(names.Server)]);

        var layout = EnsembleLayout.Current(names, voters, observers, voterPods: voters, observerPods: observers, config);

        Assert.True(expected == string.Join(",", layout.Membership.Select(s => s.Id)), name);
        Assert.True(layout.Membership.Count(s => config.Find(s.Id) is null) <= 1, name);
    }

    [Fact]
    public void The_joiner_the_configmap_lists_is_the_member_the_planner_adds()
    {
        var desired = DesiredEnsemble.From(Ensembles.Default(replicas: 5));
        var observed = World.Applied(desired, World.Settled(DesiredEnsemble.From(Ensembles.Default(replicas: 3)), 3) with { VoterStatefulSetReplicas = 4 })
            .WithMember(World.Member(desired, 4, MemberRole.Follower));

        var step = Assert.IsType<Step.AddMember>(Planner.Next(desired, observed));
        string dynamic = (string)desired.Render(Planner.LayoutFor(desired, observed)).ConfigMap["data"]![ZooCfg.DynamicFileName]!;

        Assert.Equal(4, step.Id);
        Assert.Equal(
            string.Concat(Enumerable.Range(1, 4).Select(id => $"server.{id}=zk-{id - 1}.zk-hs.data.svc.cluster.local:2888:3888:participant;0.0.0.0:2181\n")),
            dynamic);
    }

    [Theory]
    [InlineData(null, "cluster.local")]
    [InlineData("example.internal", "example.internal")]
    public void Member_addresses_end_in_the_cluster_domain(string? domain, string expected)
    {
        var desired = domain is null ? DesiredEnsemble.From(Ensembles.Default()) : DesiredEnsemble.From(Ensembles.Default(), domain);

        string dynamic = (string)desired.Render(desired.InitialLayout).ConfigMap["data"]![ZooCfg.DynamicFileName]!;

        Assert.Equal($"zk-0.zk-hs.data.svc.{expected}", desired.Names.PodHost("zk-0"));
        Assert.Equal(3, dynamic.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains($".zk-hs.data.svc.{expected}:2888:3888", StringComparison.Ordinal)));
        Assert.Equal(domain is null, dynamic.Contains("cluster.local", StringComparison.Ordinal));
    }
}
