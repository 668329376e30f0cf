using Zk.Node.Core.Tree;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Tree;

public sealed class DataTreeStatTests
{
    [Fact]
    public void Scenario_stats_equal_those_ZooKeeper_reports()
    {
        var tree = ZkScenario.Apply(new DataTree());

        // Stat.toString() of ZooKeeper 3.8.0 for the same scenario, field order as the record.
        Assert.Equal(new Stat(0, 0, 0, 0, 0, 2, 0, 0, 0, 4, 4294967303), StatOf(tree, "/"));
        Assert.Equal(new Stat(4294967297, 4294967302, 1000, 1004, 1, 1, 1, 0, 6, 1, 4294967298), StatOf(tree, "/app"));
        Assert.Equal(new Stat(4294967298, 4294967298, 1001, 1001, 0, 0, 0, 72057594037928002, 0, 0, 4294967298), StatOf(tree, "/app/lock"));
        Assert.Equal(new Stat(4294967299, 4294967299, 1002, 1002, 0, 2, 0, 0, 0, 0, 4294967301), StatOf(tree, "/c"));
        Assert.Equal(new Stat(4294967303, 4294967303, 1005, 1005, 0, 0, 0, 0, 0, 0, 4294967303), StatOf(tree, "/t"));
        Assert.Equal(ZkScenario.ZooKeeperDigest, tree.Digest);
        Assert.Equal(9, tree.NodeCount);
        Assert.Equal(67, tree.ApproximateDataSize);
    }

    [Fact]
    public void Create_stamps_the_node_and_bumps_the_parent()
    {
        var tree = new DataTree();
        Assert.Equal(KeeperErrorCode.Ok, tree.CreateNode("/p", null, null, 0, -1, 10, 500));

        Assert.Equal(KeeperErrorCode.Ok, tree.CreateNode("/p/c", [7], null, 0, -1, 11, 600, out var stat));

        Assert.Equal(new Stat(11, 11, 600, 600, 0, 0, 0, 0, 1, 0, 11), stat);
        Assert.Equal(stat, StatOf(tree, "/p/c"));
        var parent = StatOf(tree, "/p");
        Assert.Equal((1, 1, 11L, 10L, 10L), (parent.Cversion, parent.NumChildren, parent.Pzxid, parent.Czxid, parent.Mzxid));
        Assert.Equal(11, tree.LastProcessedZxid);
    }

    [Fact]
    public void Delete_raises_the_visible_cversion_through_the_child_count_only()
    {
        var tree = new DataTree();
        tree.CreateNode("/p", null, null, 0, -1, 10, 0);
        tree.CreateNode("/p/a", null, null, 0, -1, 11, 0);
        tree.CreateNode("/p/b", null, null, 0, -1, 12, 0);

        Assert.Equal(KeeperErrorCode.Ok, tree.DeleteNode("/p/a", 13));

        tree.TryGetNode("/p", out var p);
        Assert.Equal(2, p!.Cversion);
        Assert.Equal((3, 1, 13L), (p.ToStat().Cversion, p.ToStat().NumChildren, p.Pzxid));
        Assert.False(tree.Exists("/p/a"));
        Assert.Equal(["b"], tree.GetChildren("/p"));
    }

    [Fact]
    public void Explicit_parent_cversion_is_set_but_never_lowered()
    {
        var tree = new DataTree();
        tree.CreateNode("/p", null, null, 0, -1, 10, 0);
        tree.CreateNode("/p/a", null, null, 0, parentCVersion: 7, 11, 0);
        tree.TryGetNode("/p", out var p);
        Assert.Equal((7, 11L), (p!.Cversion, p.Pzxid));

        tree.CreateNode("/p/b", null, null, 0, parentCVersion: 3, 12, 0);

        Assert.Equal((7, 11L), (p.Cversion, p.Pzxid));
        Assert.Equal(2, p.NumChildren);
    }

    [Fact]
    public void SetData_changes_version_mzxid_mtime_and_length_only()
    {
        var tree = new DataTree();
        tree.CreateNode("/n", [1, 2], null, 0, -1, 10, 100);

        var (code, stat) = tree.SetData("/n", [1, 2, 3, 4], newVersion: 1, zxid: 20, timeMs: 200);

        Assert.Equal(KeeperErrorCode.Ok, code);
        Assert.Equal(new Stat(10, 20, 100, 200, 1, 0, 0, 0, 4, 0, 10), stat);
        Assert.Equal(44 + "/n".Length + 4, tree.ApproximateDataSize);
    }

    [Fact]
    public void Null_and_empty_data_stay_distinct_and_both_have_length_zero()
    {
        var tree = new DataTree();
        tree.CreateNode("/null", null, null, 0, -1, 1, 0);
        tree.CreateNode("/empty", [], null, 0, -1, 2, 0);
        tree.TryGetNode("/null", out var nullNode);
        tree.TryGetNode("/empty", out var emptyNode);
        Assert.Null(nullNode!.Data);
        Assert.NotNull(emptyNode!.Data);
        Assert.Equal(0, nullNode.ToStat().DataLength);
        Assert.Equal(0, emptyNode.ToStat().DataLength);

        tree.SetData("/empty", null, 1, 3, 0);
        tree.SetData("/null", [], 1, 4, 0);

        Assert.Null(emptyNode.Data);
        Assert.NotNull(nullNode.Data);
        Assert.NotEqual(StatOf(tree, "/null").Mzxid, StatOf(tree, "/empty").Mzxid);
    }

    [Fact]
    public void SetAcl_changes_aversion_and_nothing_else()
    {
        var tree = new DataTree();
        tree.CreateNode("/n", null, Acl.OpenAclUnsafe, 0, -1, 10, 100);
        var before = StatOf(tree, "/n");

        var (code, stat) = tree.SetAcl("/n", Acl.ReadAclUnsafe, newAversion: 1);

        Assert.Equal(KeeperErrorCode.Ok, code);
        Assert.Equal(before with { Aversion = 1 }, stat);
        tree.TryGetNode("/n", out var node);
        Assert.Equal(Acl.ReadAclUnsafe, tree.GetAcl(node!));
        Assert.Empty(tree.PendingEvents);
    }

    [Fact]
    public void Only_session_ephemerals_show_their_owner()
    {
        var tree = new DataTree();
        tree.CreateNode("/e", null, null, 0x42, -1, 1, 0);
        tree.CreateNode("/c", null, null, EphemeralType.ContainerOwner, -1, 2, 0);
        tree.CreateNode("/t", null, null, EphemeralType.TtlToOwner(5000), -1, 3, 0);

        Assert.Equal(0x42, StatOf(tree, "/e").EphemeralOwner);
        Assert.Equal(0, StatOf(tree, "/c").EphemeralOwner);
        Assert.Equal(0, StatOf(tree, "/t").EphemeralOwner);
        tree.TryGetNode("/t", out var t);
        Assert.Equal(EphemeralKind.Ttl, t!.Kind);
    }

    [Fact]
    public void Failed_mutations_report_ZooKeepers_codes_and_change_nothing()
    {
        var tree = new DataTree();
        tree.CreateNode("/a", null, null, 0, -1, 1, 0);
        tree.CreateNode("/a/b", null, null, 0, -1, 2, 0);
        tree.CreateNode("/e", null, null, 0x42, -1, 3, 0);
        long digest = tree.Digest;
        int count = tree.NodeCount;

        Assert.Equal(KeeperErrorCode.NoNode, tree.CreateNode("/x/y", null, null, 0, -1, 9, 0));
        Assert.Equal(KeeperErrorCode.NodeExists, tree.CreateNode("/a", null, null, 0, -1, 9, 0));
        Assert.Equal(KeeperErrorCode.NodeExists, tree.CreateNode("/", null, null, 0, -1, 9, 0));
        Assert.Equal(KeeperErrorCode.NoChildrenForEphemerals, tree.CreateNode("/e/c", null, null, 0, -1, 9, 0));
        Assert.Equal(KeeperErrorCode.BadArguments, tree.CreateNode("a", null, null, 0, -1, 9, 0));
        Assert.Equal(KeeperErrorCode.BadArguments, tree.CreateNode("/m", null, null, unchecked((long)0xff01000000000001UL), -1, 9, 0));
        Assert.Equal(KeeperErrorCode.NoNode, tree.DeleteNode("/nope", 9));
        Assert.Equal(KeeperErrorCode.NotEmpty, tree.DeleteNode("/a", 9));
        Assert.Equal(KeeperErrorCode.BadArguments, tree.DeleteNode("/", 9));
        Assert.Equal(KeeperErrorCode.NoNode, tree.SetData("/nope", null, 1, 9, 0).Code);
        Assert.Equal(KeeperErrorCode.NoNode, tree.SetAcl("/nope", null, 1).Code);

        Assert.Equal(digest, tree.Digest);
        Assert.Equal(count, tree.NodeCount);
        Assert.Equal(3, tree.LastProcessedZxid);
        Assert.Empty(tree.PendingEvents);
    }

    [Fact]
    public void Descendant_count_covers_the_whole_subtree()
    {
        var tree = new DataTree();
        tree.CreateNode("/a", null, null, 0, -1, 1, 0);
        tree.CreateNode("/a/b", null, null, 0, -1, 2, 0);
        tree.CreateNode("/a/b/c", null, null, 0, -1, 3, 0);
        tree.CreateNode("/a/d", null, null, 0, -1, 4, 0);

        Assert.Equal(3, tree.CountAllDescendants("/a"));
        Assert.Equal(0, tree.CountAllDescendants("/a/d"));
        Assert.Equal(0, tree.CountAllDescendants("/missing"));
        Assert.Equal(tree.DistinctNodeCount - 1, tree.CountAllDescendants("/"));
    }

    private static Stat StatOf(DataTree tree, string path)
    {
        Assert.True(tree.TryGetNode(path, out var node), path);
        return node.ToStat();
    }
}
