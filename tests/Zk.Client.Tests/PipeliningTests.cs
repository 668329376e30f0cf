using Zk.Client.Tests.Support;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class PipeliningTests(ZooKeeperFixture zk)
{
    [Fact]
    public async Task A_thousand_pipelined_writes_complete_in_issue_order()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("pipe");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);

        // Issue all without awaiting: the i-th setData can only have produced version i + 1 if the
        // server applied them in issue order and each reply reached the call that sent it.
        var writes = Enumerable.Range(0, 1000).Select(i => client.SetDataAsync(root, BitConverter.GetBytes(i))).ToArray();
        var stats = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(1, 1000), stats.Select(s => s.Version));
        var (data, last) = await client.GetDataAsync(root);
        Assert.Equal(999, BitConverter.ToInt32(data));
        Assert.Equal(1000, last.Version);
    }

    [Fact]
    public async Task Interleaved_reads_and_writes_each_see_the_writes_issued_before_them()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("pipe");
        await client.CreateAsync(root, BitConverter.GetBytes(-1), Acl.OpenAclUnsafe);

        var reads = new List<Task<(byte[]? Data, Stat Stat)>>();
        var writes = new List<Task<Stat>>();
        for (int i = 0; i < 200; i++)
        {
            writes.Add(client.SetDataAsync(root, BitConverter.GetBytes(i)));
            reads.Add(client.GetDataAsync(root));
        }

        await Task.WhenAll(writes);
        var results = await Task.WhenAll(reads);

        Assert.Equal(Enumerable.Range(0, 200), results.Select(r => BitConverter.ToInt32(r.Data)));
        Assert.Equal(Enumerable.Range(1, 200), results.Select(r => r.Stat.Version));
    }

    [Fact]
    public async Task Concurrent_callers_on_many_threads_all_get_their_own_replies()
    {
        await using var client = await zk.ConnectAsync();
        string root = zk.UniqueRoot("pipe");
        await client.CreateAsync(root, [], Acl.OpenAclUnsafe);

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (int i = 0; i < 50; i++)
            {
                string path = $"{root}/w{worker}-{i}";
                mine.Add(await client.CreateAsync(path, BitConverter.GetBytes(worker), Acl.OpenAclUnsafe));
            }

            return mine;
        })));

        for (int worker = 0; worker < 8; worker++)
        {
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{root}/w{worker}-{i}"), created[worker]);
        }

        Assert.Equal(400, (await client.ExistsAsync(root))!.Value.NumChildren);
    }
}
