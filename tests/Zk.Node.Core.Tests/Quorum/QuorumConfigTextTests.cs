using Zk.Node.Core.Quorum;

namespace Zk.Node.Core.Tests.Quorum;

/// <summary>Expected texts were printed by ZooKeeper 3.8.0's QuorumMaj.toString for the same input.</summary>
public sealed class QuorumConfigTextTests
{
    public static TheoryData<string, string> ZooKeeperPrinted => new()
    {
        {
            "server.1=zk-0.zk-hs:2888:3888:participant;0.0.0.0:2181\nserver.2=zk-1.zk-hs:2888:3888;2181\nserver.3=zk-2.zk-hs:2888:3888:observer;10.0.0.3:2181\nversion=100000000",
            "server.1=zk-0.zk-hs:2888:3888:participant;0.0.0.0:2181\nserver.2=zk-1.zk-hs:2888:3888:participant;0.0.0.0:2181\nserver.3=zk-2.zk-hs:2888:3888:observer;10.0.0.3:2181\nversion=100000000"
        },
        {
            "server.12=10.0.0.12:2888:3888;2181\nserver.3=zk-3:2888:3888:observer;zk-3:2181\nserver.10=zk-10:2888:3888\nserver.1=zk-1:2888:3888:participant;0.0.0.0:2181\nserver.2=[fe80::1:0:abcd]:2888:3888;[::]:2181\nversion=2a00000001",
            "server.1=zk-1:2888:3888:participant;0.0.0.0:2181\nserver.2=[fe80:0:0:0:0:1:0:abcd]:2888:3888:participant;[0:0:0:0:0:0:0:0]:2181\nserver.3=zk-3:2888:3888:observer;zk-3:2181\nserver.10=zk-10:2888:3888:participant\nserver.12=10.0.0.12:2888:3888:participant;0.0.0.0:2181\nversion=2a00000001"
        },
        {
            "server.3=127.0.0.1:2890:3890\nserver.1=127.0.0.1:2888:3888:participant;2181\nserver.17=127.0.0.1:2891:3891;[::1]:2183\nserver.2=[::1]:2889:3889:OBSERVER;2182\nversion=1f",
            "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nserver.17=127.0.0.1:2891:3891:participant;[0:0:0:0:0:0:0:1]:2183\nserver.2=[0:0:0:0:0:0:0:1]:2889:3889:observer;0.0.0.0:2182\nserver.3=127.0.0.1:2890:3890:participant\nversion=1f"
        },
        {
            "server.4294967296=h:1:2;3\nserver.2=h:4:5;6\nversion=-5",
            "server.4294967296=h:1:2:participant;0.0.0.0:3\nserver.2=h:4:5:participant;0.0.0.0:6\nversion=fffffffffffffffb"
        },
    };

    [Theory]
    [MemberData(nameof(ZooKeeperPrinted))]
    public void Format_prints_what_ZooKeeper_prints(string input, string expected)
    {
        var config = QuorumConfig.Parse(input);

        Assert.Equal(expected, config.Format());
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), config.FormatBytes().ToArray());
    }

    // Negative versions print as 16 hex digits that Long.parseLong(s, 16) refuses, in ZooKeeper as here; zxids are never negative.
    public static TheoryData<string> NonNegativeVersions => [.. ZooKeeperPrinted.Select(row => (string)row[0]).Where(text => !text.Contains("version=-", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(NonNegativeVersions))]
    public void Formatted_text_parses_back_to_the_same_text(string input)
    {
        string once = QuorumConfig.Parse(input).Format();

        Assert.Equal(once, QuorumConfig.Parse(once).Format());
    }

    [Fact]
    public void Members_past_twelve_grow_the_hash_table_so_large_ids_stop_sharing_buckets()
    {
        // 12 members: HashMap of 16, id 17 shares bucket 1 with id 1. 13 members: table of 32, 17 is its own bucket.
        string Lines(int count) => string.Concat(Enumerable.Range(1, count - 1).Select(i => $"server.{i}=h:{1000 + i}:{2000 + i};{3000 + i}\n"))
            + "server.17=h:1:2;3\n";

        var twelve = QuorumConfig.Parse(Lines(12));
        var thirteen = QuorumConfig.Parse(Lines(13));

        // ZooKeeper 3.8.0 printed 17, 1, 2, ... and 1, ..., 12, 17. Within one bucket ZooKeeper's order follows
        // java.util.Properties hashing, which we do not reproduce, so only the bucket order is asserted for twelve.
        Assert.Equal([1L, 17], twelve.Members.Take(2).Select(m => m.Id).Order());
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9, 10, 11], twelve.Members.Skip(2).Select(m => m.Id));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 17], thirteen.Members.Select(m => m.Id));
    }

    [Fact]
    public void Text_without_a_version_line_has_version_zero_and_comments_and_other_keys_are_ignored()
    {
        var config = QuorumConfig.Parse("# generated\n  server.1 = a:1:2;3\r\nclientPort=2181\n! also a comment\n");

        Assert.Equal(0, config.Version);
        Assert.Equal("server.1=a:1:2:participant;0.0.0.0:3\nversion=0", config.Format());
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value()
    {
        var config = QuorumConfig.Parse("server.1=a:1:2;3\nserver.1=b:1:2;3\nversion=1\nversion=2");

        Assert.Equal("b", Assert.Single(config.Members).Host);
        Assert.Equal(2, config.Version);
    }

    [Fact]
    public void Voters_and_observers_are_split_by_role()
    {
        var config = QuorumConfig.Parse("server.1=a:1:2;3\nserver.2=b:1:2:observer;3\nserver.3=c:1:2:participant;3");

        Assert.Equal([1L, 3], config.Voters.Order());
        Assert.Equal([2L], config.Observers);
        Assert.True(config.IsVoter(3));
        Assert.False(config.IsVoter(2));
        Assert.True(config.Contains(2));
        Assert.Null(config.Find(4));
    }

    [Theory]
    [InlineData("server.x=a:1:2;3")]
    [InlineData("server.1=a:1:2;3\nversion=xyz")]
    [InlineData("server.1=a:1:2;3\nversion=8000000000000000")]
    [InlineData("server.1=a:1:1;3")]
    [InlineData("server.1=a:1:2;3\ngroup.1=1")]
    [InlineData("server.1=a:1:2;3\nweight.1=1")]
    public void Malformed_text_is_refused_with_a_message(string text)
    {
        Assert.Null(QuorumConfig.TryParse(text, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => QuorumConfig.Parse(text));
    }
}
