using Zk.Client.Tests.Support;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class MultiTests(ZooKeeperFixture zk)
{
    [Fact]
    public async Task A_successful_multi_returns_one_result_per_op()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("multi");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);

        var results = await client.MultiAsync(
        [
            Op.Create(root + "/a", [1], Acl.OpenAclUnsafe),
            Op.Check(root, 0),
            Op.SetData(root + "/a", [2], version: 0),
            Op.Create(root + "/b", [], Acl.OpenAclUnsafe),
            Op.Delete(root + "/b"),
        ]);

        var create = Assert.IsType<OpResult.CreateResult>(results[0]);
        Assert.Equal(root + "/a", create.Path);
        Assert.IsType<OpResult.CheckResult>(results[1]);
        var set = Assert.IsType<OpResult.SetDataResult>(results[2]);
        Assert.Equal(1, set.Stat.Version);
        Assert.IsType<OpResult.DeleteResult>(results[4]);
        Assert.Equal(5, results.Count);

        // One zxid for the whole multi: the create and the setData of /a share it.
        var (data, stat) = await client.GetDataAsync(root + "/a");
        Assert.Equal(new byte[] { 2 }, data);
        Assert.Equal(stat.Czxid, stat.Mzxid);
    }

    [Fact]
    public async Task A_failed_multi_applies_nothing_and_reports_every_op()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("multi");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);

        var error = await Assert.ThrowsAsync<KeeperException>(() => client.MultiAsync(
        [
            Op.Create(root + "/a", [], Acl.OpenAclUnsafe),
            Op.Delete(root + "/missing"),
            Op.SetData(root, [1]),
        ]));

        Assert.Equal(KeeperErrorCode.NoNode, error.Code);
        Assert.Equal(root + "/missing", error.Path);
        Assert.Equal(
            [KeeperErrorCode.Ok, KeeperErrorCode.NoNode, KeeperErrorCode.RuntimeInconsistency],
            error.Results!.Select(r => Assert.IsType<OpResult.ErrorResult>(r).Code));
        Assert.Null(await client.ExistsAsync(root + "/a"));
    }
}
