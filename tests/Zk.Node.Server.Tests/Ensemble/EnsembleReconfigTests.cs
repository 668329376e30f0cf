using System.Security.Cryptography;
using System.Text;
using Zk.Client;
using Zk.Node.Server.Tests.Ensemble.Support;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>The host side of reconfig: an activated membership is written to disk and survives a restart.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleReconfigTests
{
    private static readonly string ReconfigConfig =
        $"reconfigEnabled=true\nDigestAuthenticationProvider.superDigest=super:{Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes("super:secret")))}";

    [Fact]
    public async Task A_member_removed_by_reconfig_stays_removed_after_the_others_restart()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: ReconfigConfig);
        var leader = await ensemble.LeaderAsync();
        var removed = ensemble.Members.First(m => m != leader);
        var kept = ensemble.Members.Where(m => m != removed).ToList();

        string config = await RemoveAsync(leader, removed);
        Assert.DoesNotContain($"server.{removed.Id}=", config, StringComparison.Ordinal);

        removed.Kill();
        await Deadline.UntilAsync(async () => (await leader.MntrAsync()).GetValueOrDefault("zk_quorum_size") == "2", TimeSpan.FromSeconds(20), "the leader to count two voters");
        foreach (var member in kept)
        {
            string file = Path.Combine(member.Directory, "data", "zoo.cfg.dynamic");
            await Deadline.UntilAsync(() => Task.FromResult(File.Exists(file) && !File.ReadAllText(file).Contains($"server.{removed.Id}=", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), $"{member} to persist the new membership");
        }

        // Restarted from zoo.cfg files that still list the removed member, both come back with two voters.
        foreach (var member in kept)
        {
            member.Kill();
        }

        foreach (var member in kept)
        {
            member.Start();
        }

        await ensemble.WaitUntilServingAsync(kept);
        var newLeader = await ensemble.LeaderAsync();
        Assert.Equal("2", (await newLeader.MntrAsync())["zk_quorum_size"]);
        string conf = await FourLetter.AskAsync(newLeader.ClientPort, "conf");
        Assert.Contains($"server.{newLeader.Id}=", conf, StringComparison.Ordinal);
        Assert.DoesNotContain($"server.{removed.Id}=", conf, StringComparison.Ordinal);
        Assert.All(kept, m => Assert.Contains("replaces the server.N lines", m.Log, StringComparison.Ordinal));
        await using var client = await ZkClient.ConnectAsync(string.Join(',', kept.Select(m => m.Hosts)), TimeSpan.FromSeconds(8));
        var (data, _) = await client.GetConfigAsync();
        Assert.DoesNotContain($"server.{removed.Id}=", Encoding.UTF8.GetString(data!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_leader_hands_leadership_to_a_designated_voter_without_an_election()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: ReconfigConfig);
        await Kazoo.RunAsync(ensemble.Hosts, """zk.create("/before", b"1")""");
        var leader = await ensemble.LeaderAsync();
        var kept = ensemble.Members.Where(m => m != leader).ToList();
        var logsBefore = ensemble.Members.ToDictionary(m => m.Id, m => m.Log.Length);

        string config = await RemoveAsync(kept[0], leader);
        Assert.DoesNotContain($"server.{leader.Id}=", config, StringComparison.Ordinal);

        await ensemble.WaitUntilServingAsync(kept);
        var newLeader = await ensemble.LeaderAsync();
        Assert.Contains(newLeader, kept);
        foreach (var member in ensemble.Members)
        {
            // Every member went from the old leader straight to the designated one: no election round in between.
            string since = member.Log[logsBefore[member.Id]..];
            Assert.DoesNotContain("now LOOKING", since, StringComparison.Ordinal);
            Assert.Contains(member == newLeader ? "now LEADING (Discovery)" : "now FOLLOWING (Discovery)", since, StringComparison.Ordinal);
        }

        string after = await Kazoo.RunAsync(string.Join(',', kept.Select(m => m.Hosts)), """
            zk.create("/after", b"2")
            print("DATA", zk.get("/before")[0], zk.get("/after")[0])
            """);
        Assert.Contains("DATA b'1' b'2'", after, StringComparison.Ordinal);
        Assert.Equal("2", (await newLeader.MntrAsync())["zk_quorum_size"]);
    }

    /// <summary>reconfig -remove through <paramref name="via"/>, as super; returns the new configuration text.</summary>
    private static async Task<string> RemoveAsync(EnsembleMember via, EnsembleMember removed)
    {
        await using var admin = await ZkClient.ConnectAsync(via.Hosts, TimeSpan.FromSeconds(8));
        await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));
        var (config, _) = await admin.ReconfigAsync(joining: null, leaving: removed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), newMembers: null);
        return Encoding.UTF8.GetString(config);
    }
}
