namespace Zk.Node.Storage.Tests;

public sealed class DataDirLayoutTests
{
    [Fact]
    public void Files_go_where_ZooKeeper_puts_them()
    {
        var layout = new DataDirLayout("/var/lib/zk/data", "/var/lib/zk/log");

        Assert.Equal("/var/lib/zk/data/myid", layout.MyIdPath);
        Assert.Equal("/var/lib/zk/data/version-2", layout.SnapshotDirectory);
        Assert.Equal("/var/lib/zk/data/version-2", layout.EpochDirectory);
        Assert.Equal("/var/lib/zk/log/version-2", layout.TxnLogDirectory);
    }

    [Fact]
    public void Without_a_dataLogDir_the_log_lives_in_the_dataDir()
    {
        var layout = new DataDirLayout("/d");

        Assert.Equal("/d/version-2", layout.TxnLogDirectory);
    }

    [Theory]
    [InlineData(0x100000001, "log.100000001", "snapshot.100000001")]
    [InlineData(0, "log.0", "snapshot.0")]
    [InlineData(0xabc, "log.abc", "snapshot.abc")]
    public void File_names_carry_the_zxid_in_lower_case_hex(long zxid, string log, string snapshot)
    {
        Assert.Equal(log, DataDirLayout.LogFileName(zxid));
        Assert.Equal(snapshot, DataDirLayout.SnapshotFileName(zxid));
    }

    [Theory]
    [InlineData("log.1f", true, 0x1f)]
    [InlineData("log.", false, 0)]
    [InlineData("log.1.tmp", false, 0)]
    [InlineData("log.ffffffffffffffff", false, 0)]
    [InlineData("log.10000000000000000", false, 0)]
    [InlineData("logx.1", false, 0)]
    [InlineData("log.01", false, 0)]
    [InlineData("log.1F", false, 0)]
    public void Only_prefix_dot_hex_names_parse(string name, bool parses, long zxid)
    {
        Assert.Equal(parses, ZxidFileName.TryParse(name, "log.", out long parsed));
        Assert.Equal(zxid, parses ? parsed : 0);
    }
}
