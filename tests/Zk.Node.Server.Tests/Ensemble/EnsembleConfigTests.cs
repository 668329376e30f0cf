using Zk.Node.Server.Config;
using Zk.Node.Server.Quorum;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>When zoo.cfg makes an ensemble member, and the ensemble knobs it reads.</summary>
public sealed class EnsembleConfigTests
{
    private const string Servers = """
        server.1=127.0.0.1:2888:3888
        server.2=127.0.0.1:2889:3889
        server.3=127.0.0.1:2890:3890:observer;127.0.0.1:2183
        """;

    [Theory]
    [InlineData("", false)]
    [InlineData("server.1=127.0.0.1:2888:3888", false)]
    [InlineData("server.1=127.0.0.1:2888:3888\nstandaloneEnabled=false", true)]
    [InlineData("server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889:observer", false)]
    [InlineData("server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889", true)]
    public void Only_more_than_one_voter_or_standaloneEnabled_false_makes_an_ensemble(string lines, bool ensemble)
    {
        var config = Parse(lines);
        Assert.Equal(ensemble, config.IsEnsemble);
    }

    [Fact]
    public void Ensemble_knobs_default_as_in_ZooKeeper_and_are_read_from_zoo_cfg()
    {
        var defaults = Parse(Servers);
        Assert.False(defaults.QuorumListenOnAllIps);
        Assert.Equal(3, defaults.ElectionPortBindRetry);
        Assert.Equal(5000, defaults.CnxTimeoutMs);

        var set = Parse(Servers + "\nquorumListenOnAllIPs=true\nelectionPortBindRetry=0\ncnxTimeout=750");
        Assert.True(set.QuorumListenOnAllIps);
        Assert.Equal(0, set.ElectionPortBindRetry);
        Assert.Equal(750, set.CnxTimeoutMs);
    }

    [Fact]
    public void The_membership_handed_to_the_peer_keeps_roles_and_client_addresses()
    {
        var membership = EnsembleHost.QuorumConfigOf(Parse(Servers));
        Assert.Equal([1L, 2L], membership.Voters.Order());
        Assert.Equal([3L], membership.Observers);
        Assert.Contains("server.3=127.0.0.1:2890:3890:observer;127.0.0.1:2183", membership.Format(), StringComparison.Ordinal);
    }

    private static ServerConfig Parse(string lines) => ServerConfig.From(
        ZooCfgFile.Parse($"dataDir=/tmp/none\nclientPort=2181\n{lines}\n"),
        key => throw new InvalidOperationException($"unknown key {key}"),
        path => path.EndsWith("myid", StringComparison.Ordinal) ? "1" : null);
}
