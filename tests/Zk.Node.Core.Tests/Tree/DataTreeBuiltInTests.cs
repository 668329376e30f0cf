using Zk.Node.Core.Tree;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Tree;

/// <summary>Expected values were read from a fresh ZooKeeper 3.8.0 DataTree.</summary>
public sealed class DataTreeBuiltInTests
{
    [Theory]
    [InlineData("/", -1, 0, 1)]
    [InlineData("/zookeeper", -2, 0, 2)]
    [InlineData("/zookeeper/quota", 0, 0, 0)]
    [InlineData("/zookeeper/config", 0, -1, 0)]
    public void Built_in_nodes_have_ZooKeepers_stats(string path, int cversion, int aversion, int numChildren)
    {
        var tree = new DataTree();

        Assert.True(tree.TryGetNode(path, out var node));
        var expected = new Stat(0, 0, 0, 0, 0, cversion, aversion, 0, 0, numChildren, 0);
        Assert.Equal(expected, node.ToStat());
        Assert.NotNull(node.Data);
        Assert.Empty(node.Data);
    }

    [Fact]
    public void Config_node_is_world_readable_only_and_the_rest_are_open()
    {
        var tree = new DataTree();

        tree.TryGetNode("/zookeeper/config", out var config);
        tree.TryGetNode("/zookeeper", out var zookeeper);
        Assert.Equal(Acl.ReadAclUnsafe, tree.GetAcl(config!));
        Assert.Equal(Acl.OpenAclUnsafe, tree.GetAcl(zookeeper!));
    }

    [Fact]
    public void Fresh_tree_counts_match_ZooKeeper()
    {
        var tree = new DataTree();

        Assert.Equal(5, tree.NodeCount);
        Assert.Equal(4, tree.DistinctNodeCount);
        Assert.Equal(44, tree.ApproximateDataSize);
        Assert.Equal(3, tree.CountAllDescendants("/"));
        Assert.Equal(["zookeeper"], tree.GetChildren("/"));
        Assert.Equal(["config", "quota"], tree.GetChildren("/zookeeper"));
    }

    [Fact]
    public void Digest_of_a_small_tree_equals_ZooKeepers()
    {
        // ZooKeeper 3.8.0: create /a (null data) at zxid 5, /a/b at 6, delete /a/b at 7 → getTreeDigest() = 5088355605.
        var tree = new DataTree();
        tree.CreateNode("/a", null, Acl.OpenAclUnsafe, 0, -1, 5, 100);
        tree.CreateNode("/a/b", [], Acl.OpenAclUnsafe, 0, -1, 6, 101);
        tree.DeleteNode("/a/b", 7);

        Assert.Equal(5088355605L, tree.Digest);
        Assert.Equal(46, tree.ApproximateDataSize);
        Assert.Equal(6, tree.NodeCount);
    }
}
