using System.Globalization;
using Zk.Client.Tests.Support;

namespace Zk.Client.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class FourLetterWordTests(ZooKeeperFixture zk)
{
    [Fact]
    public async Task Srvr_reports_a_standalone_server_and_its_zxid()
    {
        string text = await FourLetterWord.SendAsync(zk.Server.Host, zk.Server.Port, "srvr");
        var values = FourLetterWord.ParseSrvr(text);

        Assert.Equal("standalone", values["Mode"]);
        Assert.StartsWith("0x", values["Zxid"], StringComparison.Ordinal);
        Assert.StartsWith("3.8", values["Zookeeper version"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mntr_reports_counters_that_track_the_tree()
    {
        await using var client = await zk.ConnectAsync();
        var before = FourLetterWord.ParseMntr(await FourLetterWord.SendAsync(zk.Server.Host, zk.Server.Port, "mntr"));
        await client.CreateAsync(zk.UniqueRoot("mntr"), [], Node.Protocol.Data.Acl.OpenAclUnsafe);
        var after = FourLetterWord.ParseMntr(await FourLetterWord.SendAsync(zk.Server.Host, zk.Server.Port, "mntr"));

        Assert.Equal("standalone", after["zk_server_state"]);
        Assert.Equal(
            long.Parse(before["zk_znode_count"], CultureInfo.InvariantCulture) + 1,
            long.Parse(after["zk_znode_count"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Ruok_answers_imok()
    {
        Assert.Equal("imok", await FourLetterWord.SendAsync(zk.Server.Host, zk.Server.Port, "ruok"));
    }

    [Fact]
    public async Task Words_that_are_not_four_ascii_letters_are_rejected_before_connecting()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => FourLetterWord.SendAsync("127.0.0.1", 1, "stats"));
    }
}
