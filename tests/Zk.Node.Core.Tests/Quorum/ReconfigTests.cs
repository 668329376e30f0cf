using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Tests.Quorum;

public sealed class ReconfigTests
{
    private static readonly QuorumConfig Three = QuorumConfig.Parse(
        "server.1=zk-1:2888:3888;2181\nserver.2=zk-2:2888:3888;2181\nserver.3=zk-3:2888:3888;2181\nversion=100000000");

    [Fact]
    public void Incremental_changes_apply_leaving_then_joining_in_ZooKeepers_member_order()
    {
        var result = Reconfig.Compute(
            Three,
            "server.5=zk-5:2888:3888:observer;2181, 4=zk-4:2888:3888;0.0.0.0:2181,server.1=zk-1b:2888:3888;2182",
            "2",
            null,
            curConfigId: -1,
            newVersion: 0x100000004);

        // Printed by ZooKeeper 3.8.0 after the same HashMap operations PrepRequestProcessor performs.
        Assert.True(result.IsOk, result.Message);
        Assert.Equal(
            "server.1=zk-1b:2888:3888:participant;0.0.0.0:2182\nserver.3=zk-3:2888:3888:participant;0.0.0.0:2181\nserver.4=zk-4:2888:3888:participant;0.0.0.0:2181\nserver.5=zk-5:2888:3888:observer;0.0.0.0:2181\nversion=100000004",
            result.Config!.Format());
    }

    [Fact]
    public void Non_incremental_changes_replace_the_whole_membership()
    {
        var result = Reconfig.Compute(Three, "ignored", "ignored", "server.7=x:1:2;3, server.8=y:1:2;3\nserver.9=z:1:2:observer;3", -1, 0x200000001);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal([7L, 8], result.Config!.Voters.Order());
        Assert.Equal([9L], result.Config.Observers);
        Assert.Equal(0x200000001, result.Config.Version);
    }

    public static TheoryData<string?, string?, string?, bool, KeeperErrorCode> Outcomes => new()
    {
        // joining, leaving, newMembers, standaloneEnabled, expected
        { null, "2", null, true, KeeperErrorCode.Ok },
        { null, "2,3", null, true, KeeperErrorCode.BadArguments },
        { null, "2,3", null, false, KeeperErrorCode.Ok },
        { null, "1,2,3", null, false, KeeperErrorCode.BadArguments },
        { null, " 2 , ,", null, true, KeeperErrorCode.Ok },
        { null, "two", null, true, KeeperErrorCode.BadArguments },
        { "server.4=zk-4:2888:3888", null, null, true, KeeperErrorCode.BadArguments },
        { "server.4", null, null, true, KeeperErrorCode.BadArguments },
        { "server.4=a=b", null, null, true, KeeperErrorCode.BadArguments },
        { "server.x=zk-4:2888:3888;2181", null, null, true, KeeperErrorCode.BadArguments },
        { "server.4=zk-4:2888:2888;2181", null, null, true, KeeperErrorCode.BadArguments },
        { "server.4=zk-1:2888:3999;2181", null, null, true, KeeperErrorCode.BadArguments },
        { "server.4=ZK-1:2999:3888;2181", null, null, true, KeeperErrorCode.BadArguments },
        { "server.4=zk-4:2888:3888;zk-2:2888", null, null, true, KeeperErrorCode.BadArguments },
        { "server.1=zk-1:2888:3888;2182", null, null, true, KeeperErrorCode.Ok },
        { "server.4=zk-4:2888:3888;2181", null, null, true, KeeperErrorCode.Ok },
        { "server.4=zk-4:2888:3888:observer;2181", "2,3", null, true, KeeperErrorCode.BadArguments },
        { null, null, "server.1=a:1:2;3", true, KeeperErrorCode.BadArguments },
        { null, null, "server.1=a:1:2;3", false, KeeperErrorCode.Ok },
        { null, null, "server.1=a:1:2;3,server.2=b:1:2:observer;3", true, KeeperErrorCode.BadArguments },
        { null, null, "server.1=a:1:2:observer;3", true, KeeperErrorCode.BadArguments },
        { null, null, "server.1=a:1:2:observer;3", false, KeeperErrorCode.BadArguments },
        { null, null, "", true, KeeperErrorCode.BadArguments },
        { null, null, "server.1=a:1:2;3,server.2=a:1:2", true, KeeperErrorCode.Ok },
        { null, null, "server.1=a:1:2;3,server.2=b:1", true, KeeperErrorCode.BadArguments },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Reconfig_outcomes_follow_ZooKeepers_rules(string? joining, string? leaving, string? newMembers, bool standaloneEnabled, KeeperErrorCode expected)
    {
        var result = Reconfig.Compute(Three, joining, leaving, newMembers, -1, 0x100000009, standaloneEnabled);

        Assert.Equal(expected, result.Error);
        Assert.Equal(expected == KeeperErrorCode.Ok, result.Config is not null);
        if (expected != KeeperErrorCode.Ok)
        {
            Assert.False(string.IsNullOrEmpty(result.Message));
        }
        else
        {
            Assert.Equal(0x100000009, result.Config!.Version);
        }
    }

    [Fact]
    public void Loopback_and_wildcard_addresses_never_conflict()
    {
        var local = QuorumConfig.Parse("server.1=127.0.0.1:2888:3888;2181\nserver.2=localhost:2889:3889;0.0.0.0:2182");

        var result = Reconfig.Compute(local, "server.3=127.0.0.1:2888:3888;0.0.0.0:2182", null, null, -1, 5);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(3, result.Config!.Members.Count);
    }

    [Theory]
    [InlineData(-1L, KeeperErrorCode.Ok)]
    [InlineData(0x100000000L, KeeperErrorCode.Ok)]
    [InlineData(0xffL, KeeperErrorCode.BadVersion)]
    public void The_expected_version_must_be_the_last_seen_one_unless_minus_one(long curConfigId, KeeperErrorCode expected)
    {
        Assert.Equal(expected, Reconfig.Compute(Three, null, "3", null, curConfigId, 0x100000001).Error);
    }

    [Fact]
    public void A_leaving_id_that_is_not_a_member_changes_nothing_but_the_version()
    {
        var result = Reconfig.Compute(Three, null, "42", null, -1, 0x100000002);

        Assert.Equal(Three.Members, result.Config!.Members);
        Assert.Equal(0x100000002, result.Config.Version);
    }
}
