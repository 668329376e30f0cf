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
    [Fact]
    public async Task A_member_removed_by_reconfig_stays_removed_after_the_others_restart()
    {
        string digest = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes("super:secret")));
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: $"reconfigEnabled=true\nDigestAuthenticationProvider.superDigest=super:{digest}");
        var leader = await ensemble.LeaderAsync();
        var removed = ensemble.Members.First(m => m != leader);
        var kept = ensemble.Members.Where(m => m != removed).ToList();

        await using (var admin = await ZkClient.ConnectAsync(leader.Hosts, TimeSpan.FromSeconds(8)))
        {
            await admin.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:secret"));
            var (config, _) = await admin.ReconfigAsync(joining: null, leaving: removed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), newMembers: null);
            Assert.DoesNotContain($"server.{removed.Id}=", Encoding.UTF8.GetString(config), StringComparison.Ordinal);
        }

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
}
