using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Tests.Observed;

public sealed class EnsembleConfigTests
{
    [Fact]
    public void Get_config_output_parses_into_members_roles_and_version()
    {
        var config = EnsembleConfig.Parse(
            "server.1=zk-0.zk-hs:2888:3888:participant;0.0.0.0:2181\n"
            + "server.2=zk-1.zk-hs:2888:3888:participant;0.0.0.0:2181\n"
            + "server.100=zk-observer-0.zk-hs:2888:3888:observer;0.0.0.0:2181\n"
            + "version=100000003\n");
        Assert.Equal(0x100000003, config.Version);
        Assert.Equal([1, 2], config.Participants.Select(s => s.Id));
        Assert.Equal([100], config.Observers.Select(s => s.Id));
        Assert.Equal("zk-1.zk-hs", config.Find(2)!.Host);
    }

    [Theory]
    [InlineData("server.3=h:2888:3888:participant;0.0.0.0:2181")]
    [InlineData("server.3=h:2888:3888:observer;2181")]
    [InlineData("server.3=h:2888:3888")]
    public void Server_lines_survive_a_round_trip(string line)
    {
        var entry = ServerEntry.TryParse(line)!;
        Assert.Equal(entry, ServerEntry.TryParse(entry.ToConfigLine()));
    }

    [Fact]
    public void Role_defaults_to_participant_and_multi_address_members_use_the_first_address()
    {
        var entry = ServerEntry.TryParse("server.7=a:2888:3888|b:2888:3888;2181")!;
        Assert.Equal(ServerRole.Participant, entry.Role);
        Assert.Equal("a", entry.Host);
        Assert.Equal("2181", entry.ClientAddress);
    }

    [Theory]
    [InlineData("server.x=h:1:2")]
    [InlineData("server.3=h:1")]
    [InlineData("server.3=h:1:2:voter")]
    public void Malformed_server_lines_fail_to_parse(string line)
    {
        Assert.Null(ServerEntry.TryParse(line));
        Assert.Throws<FormatException>(() => EnsembleConfig.Parse(line + "\nversion=1\n"));
    }
}
