using System.Text;
using Zk.Client.Tests.Support;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class CrudTests(ZooKeeperFixture zk)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Fact]
    public async Task Created_node_reads_back_its_data_and_a_fresh_stat()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");
        byte[] data = Encoding.UTF8.GetBytes("hello");

        var (path, created) = await client.Create2Async(root, data, Open);
        var (read, stat) = await client.GetDataAsync(root);

        Assert.Equal(root, path);
        Assert.Equal(data, read);
        Assert.Equal(created, stat);
        Assert.Equal(0, stat.Version);
        Assert.Equal(data.Length, stat.DataLength);
        Assert.Equal(stat.Czxid, stat.Mzxid);
        Assert.True(stat.Czxid > 0);
        Assert.True(client.LastZxidSeen >= stat.Czxid);
    }

    [Fact]
    public async Task SetData_bumps_the_version_and_rejects_a_stale_one()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");
        await client.CreateAsync(root, [1], Open);

        var first = await client.SetDataAsync(root, [2], version: 0);
        var error = await Assert.ThrowsAsync<KeeperException>(() => client.SetDataAsync(root, [3], version: 0));
        var (data, stat) = await client.GetDataAsync(root);

        Assert.Equal(1, first.Version);
        Assert.Equal(KeeperErrorCode.BadVersion, error.Code);
        Assert.Equal(root, error.Path);
        Assert.Equal(new byte[] { 2 }, data);
        Assert.Equal(first, stat);
    }

    [Fact]
    public async Task Null_and_empty_data_stay_distinct()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");
        await client.CreateAsync(root, null, Open);
        await client.CreateAsync(root + "/empty", [], Open);

        var (nullData, _) = await client.GetDataAsync(root);
        var (emptyData, _) = await client.GetDataAsync(root + "/empty");

        Assert.Null(nullData);
        Assert.NotNull(emptyData);
        Assert.Empty(emptyData);
    }

    [Fact]
    public async Task Exists_returns_null_for_a_missing_node_and_the_stat_for_a_present_one()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");

        var before = await client.ExistsAsync(root);
        await client.CreateAsync(root, [], Open);
        var after = await client.ExistsAsync(root);

        Assert.Null(before);
        Assert.NotNull(after);
        Assert.Equal(0, after.Value.NumChildren);
    }

    [Fact]
    public async Task Errors_carry_the_servers_code()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");
        await client.CreateAsync(root, [], Open);
        await client.CreateAsync(root + "/child", [], Open);

        var exists = await Assert.ThrowsAsync<KeeperException>(() => client.CreateAsync(root, [], Open));
        var noParent = await Assert.ThrowsAsync<KeeperException>(() => client.CreateAsync(root + "/missing/x", [], Open));
        var notEmpty = await Assert.ThrowsAsync<KeeperException>(() => client.DeleteAsync(root));
        var noNode = await Assert.ThrowsAsync<KeeperException>(() => client.GetDataAsync(root + "/missing"));

        Assert.Equal(KeeperErrorCode.NodeExists, exists.Code);
        Assert.Equal(KeeperErrorCode.NoNode, noParent.Code);
        Assert.Equal(KeeperErrorCode.NotEmpty, notEmpty.Code);
        Assert.Equal(KeeperErrorCode.NoNode, noNode.Code);
    }

    [Fact]
    public async Task Children_are_listed_and_deleted_nodes_disappear()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");
        await client.CreateAsync(root, [], Open);
        foreach (string name in new[] { "a", "b", "c" })
        {
            await client.CreateAsync($"{root}/{name}", [], Open);
        }

        await client.DeleteAsync(root + "/b", version: 0);
        var (children, parent) = await client.GetChildren2Async(root);

        Assert.Equal(["a", "c"], children.Order(StringComparer.Ordinal));
        Assert.Equal(2, parent.NumChildren);
        Assert.Equal(4, parent.Cversion);
        Assert.Null(await client.ExistsAsync(root + "/b"));
    }

    [Fact]
    public async Task Sync_echoes_the_path()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("crud");
        await client.CreateAsync(root, [], Open);

        await client.SyncAsync(root);

        Assert.NotNull(await client.ExistsAsync(root));
    }

    [Fact]
    public async Task A_chroot_prefixes_sent_paths_and_strips_returned_ones()
    {
        await using var plain = await zk.ConnectAsync();
        string root = zk.UniqueRoot("chroot");
        await plain.CreateAsync(root, [], Open);
        await using var rooted = await zk.ConnectAsync(chroot: root);

        string created = await rooted.CreateAsync("/seq-", [7], Open, CreateMode.PersistentSequential);
        var children = await rooted.GetChildrenAsync("/");
        var (data, _) = await plain.GetDataAsync(root + created);

        Assert.StartsWith("/seq-", created, StringComparison.Ordinal);
        Assert.Equal([created[1..]], children);
        Assert.Equal(new byte[] { 7 }, data);
    }

    [Fact]
    public async Task GetConfig_reads_the_config_node_outside_the_chroot()
    {
        await using var plain = await zk.ConnectAsync();
        string root = zk.UniqueRoot("config");
        await plain.CreateAsync(root, [], Open);
        await using var rooted = await zk.ConnectAsync(chroot: root);

        var (_, viaChroot) = await rooted.GetConfigAsync();
        var expected = await plain.ExistsAsync(ZkClient.ConfigPath);

        Assert.Equal(expected, viaChroot);
    }

    [Fact]
    public async Task Digest_auth_grants_access_that_other_sessions_lack()
    {
        await using var owner = await zk.ConnectAsync();
        await using var stranger = await zk.ConnectAsync();
        string root = zk.UniqueRoot("auth");
        await owner.AddAuthAsync("digest", Encoding.UTF8.GetBytes("alice:secret"));
        await owner.CreateAsync(root, [1], [new Acl(Perms.All, new Id("auth", ""))]);

        var (data, _) = await owner.GetDataAsync(root);
        var denied = await Assert.ThrowsAsync<KeeperException>(() => stranger.GetDataAsync(root));

        Assert.Equal(new byte[] { 1 }, data);
        Assert.Equal(KeeperErrorCode.NoAuth, denied.Code);
    }
}
