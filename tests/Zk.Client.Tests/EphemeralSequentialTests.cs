using System.Globalization;
using Zk.Client.Tests.Support;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class EphemeralSequentialTests(ZooKeeperFixture zk)
{
    [Fact]
    public async Task Sequential_nodes_get_ten_digit_increasing_suffixes()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("seq");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);

        var paths = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            paths.Add(await client.CreateAsync(root + "/job-", [], Acl.OpenAclUnsafe, CreateMode.PersistentSequential));
        }

        var numbers = paths.Select(p => p[(root.Length + "/job-".Length)..]).ToList();
        Assert.All(numbers, n => Assert.Equal(10, n.Length));
        Assert.Equal([0, 1, 2], numbers.Select(n => int.Parse(n, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Ephemeral_nodes_are_owned_by_the_session_and_vanish_when_it_closes()
    {
        await using var observer = await zk.ConnectAsync();
        string root = zk.UniqueRoot("eph");
        await observer.CreateAsync(root, [], Acl.OpenAclUnsafe);
        var owner = await zk.ConnectAsync();

        string path = await owner.CreateAsync(root + "/lock-", [], Acl.OpenAclUnsafe, CreateMode.EphemeralSequential);
        var stat = await observer.ExistsAsync(path);
        await owner.CloseAsync();
        var afterClose = await observer.ExistsAsync(path);

        Assert.Equal(owner.SessionId, stat!.Value.EphemeralOwner);
        Assert.Null(afterClose);
        Assert.Equal(SessionState.Closed, owner.State);
    }

    [Fact]
    public async Task Calls_after_close_fail()
    {
        var client = await zk.ConnectAsync();
        await client.CloseAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ExistsAsync("/"));
    }
}
