using System.Text.RegularExpressions;
using Zk.Node.Server.Tests.Ensemble.Support;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>Ensembles of real zknode processes elect one leader and serve unchanged clients through every member.</summary>
[Collection(EnsembleCollection.Name)]
public sealed partial class EnsembleServingTests
{
    [Fact]
    public async Task Three_voters_elect_one_leader_and_every_member_serves_kazoo_and_the_C_client()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var modes = await Task.WhenAll(ensemble.Members.Select(m => m.ModeAsync()));
        Assert.Equal(["follower", "follower", "leader"], modes.Order());

        var leader = await ensemble.LeaderAsync();
        var mntr = await leader.MntrAsync();
        Assert.Equal("leading - broadcast", mntr["zk_peer_state"]);
        Assert.Equal("3", mntr["zk_quorum_size"]);
        Assert.Equal("2", mntr["zk_synced_followers"]);
        Assert.Equal("leader", mntr["zk_server_state"]);
        var follower = ensemble.Members.First(m => m != leader);
        Assert.Equal("following - broadcast", (await follower.MntrAsync())["zk_peer_state"]);
        string conf = await FourLetter.AskAsync(follower.ClientPort, "conf");
        Assert.All(ensemble.Members, m => Assert.Contains($"server.{m.Id}=127.0.0.1:{m.QuorumPort}:{m.ElectionPort}:participant", conf, StringComparison.Ordinal));

        foreach (var member in ensemble.Members)
        {
            var result = await Kazoo.ScenarioAsync(member.Hosts, "crud");
            Assert.True(result.ExitCode == 0 && result.Output.Contains("PASS", StringComparison.Ordinal), $"kazoo crud through {member}: {result}\n{ensemble.Logs}");
        }

        // Written through one member, read through the C client on each of the others.
        string path = $"/c-{Guid.NewGuid():N}"[..14];
        var writer = ensemble.Members[0];
        Assert.Matches($@"\[{path}\]: rc = 0", await Cli(writer.Hosts, $"create {path}"));
        Assert.Matches($@"{path}: rc = 0", await Cli(writer.Hosts, $"set {path} from-member-1"));
        foreach (var reader in ensemble.Members.Skip(1))
        {
            await Cli(reader.Hosts, $"sync {path}");
            string get = await Cli(reader.Hosts, $"get {path}");
            Assert.Contains("from-member-1", get, StringComparison.Ordinal);
        }

        var zxids = await Task.WhenAll(ensemble.Members.Select(async m => (await m.MntrAsync())["zk_last_zxid"]));
        Assert.Single(zxids.Distinct());
    }

    [Fact]
    public async Task Five_voters_and_two_observers_elect_one_leader_and_observers_follow_writes()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 5, observers: 2);
        var modes = await Task.WhenAll(ensemble.Members.Select(m => m.ModeAsync()));
        Assert.Single(modes, m => m == "leader");
        Assert.Equal(["observer", "observer"], modes.Skip(5));
        var leader = await ensemble.LeaderAsync();
        Assert.False(leader.IsObserver);
        var mntr = await leader.MntrAsync();
        Assert.Equal("5", mntr["zk_quorum_size"]);
        Assert.Equal("4", mntr["zk_synced_followers"]);
        Assert.Equal("2", mntr["zk_synced_observers"]);

        // Writes through an observer are forwarded to the leader and reach every member.
        var observer = ensemble.Members[5];
        await Kazoo.RunAsync(observer.Hosts, """
            zk.create("/through-observer", b"o")
            for i in range(20):
                zk.create("/through-observer/n-%d" % i, b"%d" % i)
            """);
        foreach (var member in ensemble.Members)
        {
            string output = await Kazoo.RunAsync(member.Hosts, """
                zk.sync("/through-observer")
                print("CHILDREN", len(zk.get_children("/through-observer")))
                """);
            Assert.Contains("CHILDREN 20", output, StringComparison.Ordinal);
        }

        Assert.Equal("observing - broadcast", (await ensemble.Members[6].MntrAsync())["zk_peer_state"]);
    }

    [Fact]
    public async Task A_member_that_cannot_reach_a_quorum_says_it_is_not_serving_and_closes_clients()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var leader = await ensemble.LeaderAsync();
        foreach (var other in ensemble.Members.Where(m => m != leader))
        {
            other.Kill();
        }

        await Deadline.UntilAsync(async () => await leader.ModeAsync() is null, TimeSpan.FromSeconds(20), "the lone member to stop serving");
        Assert.Equal("This ZooKeeper instance is not currently serving requests\n", await FourLetter.AskAsync(leader.ClientPort, "srvr"));
        Assert.Equal("imok", await FourLetter.AskAsync(leader.ClientPort, "ruok"));
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var session = await Differential.RawSession.OpenAsync(leader.ClientPort, 3000);
        });
        Assert.NotNull(refused);
    }

    private static async Task<string> Cli(string hosts, string command)
    {
        var result = await ProcessRunner.RunAsync(Binaries.CClient, [hosts, $"cmd:{command}"], TimeSpan.FromSeconds(30));
        return NoiseLines().Replace(result.Output, "");
    }

    [GeneratedRegex(@"(?m)^.*ZOO_(INFO|DEBUG|WARN).*$\n?")]
    private static partial Regex NoiseLines();
}
