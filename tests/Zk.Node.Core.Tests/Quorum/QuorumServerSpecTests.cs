using Zk.Node.Core.Quorum;

namespace Zk.Node.Core.Tests.Quorum;

public sealed class QuorumServerSpecTests
{
    [Theory]
    [InlineData("zk:2888:3888", "zk", 2888, 3888, LearnerRole.Participant, null, null)]
    [InlineData("zk:2888:3888:observer", "zk", 2888, 3888, LearnerRole.Observer, null, null)]
    [InlineData("zk:2888:3888: Observer ", "zk", 2888, 3888, LearnerRole.Observer, null, null)]
    [InlineData("zk:2888:3888;2181", "zk", 2888, 3888, LearnerRole.Participant, "0.0.0.0", 2181)]
    [InlineData("zk:2888:3888:participant;10.1.2.3:2181", "zk", 2888, 3888, LearnerRole.Participant, "10.1.2.3", 2181)]
    [InlineData("zk:2888:3888;", "zk", 2888, 3888, LearnerRole.Participant, null, null)]
    [InlineData("zk:2888:3888:participant:", "zk", 2888, 3888, LearnerRole.Participant, null, null)]
    [InlineData("[::1]:2888:3888;[::1]:2181", "0:0:0:0:0:0:0:1", 2888, 3888, LearnerRole.Participant, "0:0:0:0:0:0:0:1", 2181)]
    [InlineData("010.000.000.001:1:2", "10.0.0.1", 1, 2, LearnerRole.Participant, null, null)]
    public void Valid_values_parse_as_ZooKeeper_reads_them(
        string value, string host, int quorumPort, int electionPort, LearnerRole role, string? clientHost, int? clientPort)
    {
        var spec = QuorumServerSpec.TryParse(7, value, out string? error);

        Assert.Null(error);
        Assert.Equal(new QuorumServerSpec(7, host, quorumPort, electionPort, role, clientHost, clientPort), spec);
    }

    [Theory]
    [InlineData("h:1:1", "Client and election port must be different! Please update the configuration file on server.7")]
    [InlineData("h:1:2:foo", "Unrecognised peertype: foo")]
    [InlineData("h:x:2", "Address unresolved: h:x")]
    [InlineData("h:1:2;h:99999", "port out of range:99999")]
    [InlineData("h:1:2; 5", "Address unresolved: null: 5")]
    [InlineData("[::1:2:3", "[::1:2:3 starts with '[' but has no matching ']:'")]
    public void Malformed_values_report_ZooKeepers_message(string value, string message)
    {
        Assert.Null(QuorumServerSpec.TryParse(7, value, out string? error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("h:1")]
    [InlineData("h:1:2:participant:extra")]
    [InlineData("h:1:2;a:b:c")]
    [InlineData("h:1:2;3;4")]
    [InlineData("")]
    [InlineData("h:1:2|g:3:4")]
    public void Values_of_the_wrong_shape_are_refused(string value)
    {
        Assert.Null(QuorumServerSpec.TryParse(7, value, out string? error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("zk:2888:3888", "server.7=zk:2888:3888:participant")]
    [InlineData("zk:2888:3888:observer;2181", "server.7=zk:2888:3888:observer;0.0.0.0:2181")]
    [InlineData("[fe80::1]:1:2;[fe80::2]:3", "server.7=[fe80:0:0:0:0:0:0:1]:1:2:participant;[fe80:0:0:0:0:0:0:2]:3")]
    public void Lines_are_printed_with_the_role_and_the_client_address_spelled_out(string value, string line)
    {
        var spec = QuorumServerSpec.TryParse(7, value, out _)!;

        Assert.Equal(line, spec.FormatLine());
    }
}
