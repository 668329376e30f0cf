using Zk.Node.Core.Tree;

namespace Zk.Node.Core.Tests.Tree;

public sealed class SequentialNamesTests
{
    [Theory]
    [InlineData(0, "0000000000")]
    [InlineData(42, "0000000042")]
    [InlineData(int.MaxValue, "2147483647")]
    [InlineData(-5, "-000000005")]
    [InlineData(int.MinValue, "-2147483648")]
    public void Suffix_is_Javas_percent_010d(int counter, string expected) =>
        Assert.Equal(expected, SequentialNames.Suffix(counter));

    [Fact]
    public void Sequence_number_is_the_parents_creation_count_not_its_visible_cversion()
    {
        var tree = new DataTree();
        Assert.Equal(KeeperErrorCodeOk, tree.CreateNode("/q", null, null, 0, -1, 1, 0));
        string first = SequentialNames.Append("/q/job-", Cversion(tree, "/q"));
        Assert.Equal(KeeperErrorCodeOk, tree.CreateNode(first, null, null, 0, -1, 2, 0));
        Assert.Equal(KeeperErrorCodeOk, tree.DeleteNode(first, 3));

        tree.TryGetNode("/q", out var q);
        Assert.Equal(2, q!.ToStat().Cversion);
        string second = SequentialNames.Append("/q/job-", Cversion(tree, "/q"));

        Assert.Equal("/q/job-0000000000", first);
        Assert.Equal("/q/job-0000000001", second);
    }

    [Fact]
    public void Stored_counter_only_moves_forward_so_an_overflowed_txn_value_is_ignored_as_in_ZooKeeper()
    {
        var tree = new DataTree();
        tree.CreateNode("/q", null, null, 0, -1, 1, 0);
        tree.CreateNode("/q/a", null, null, 0, parentCVersion: int.MaxValue, 2, 0);

        string next = SequentialNames.Append("/q/n", Cversion(tree, "/q"));
        Assert.Equal("/q/n2147483647", next);
        Assert.Equal(KeeperErrorCodeOk, tree.CreateNode(next, null, null, 0, parentCVersion: -1, 3, 0));

        // -1 means "current + 1", which wraps to int.MinValue and is not greater, so nothing moves.
        Assert.Equal(int.MaxValue, Cversion(tree, "/q"));
        tree.TryGetNode("/q", out var q);
        Assert.Equal(2, q!.Pzxid);
    }

    private const Protocol.Client.KeeperErrorCode KeeperErrorCodeOk = Protocol.Client.KeeperErrorCode.Ok;

    private static int Cversion(DataTree tree, string path)
    {
        Assert.True(tree.TryGetNode(path, out var node));
        return node.Cversion;
    }
}
