using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Ensemble;
using Zk.Node.Server.Tests.Ensemble.Support;

namespace Zk.Node.Server.Tests.Hardening;

/// <summary>
/// Ensemble members agree on session passwords without sharing a secret (each password is logged with its session),
/// and a member whose last log record is damaged gets that suffix back from the leader instead of refusing to start.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleRecoveryTests
{
    [Fact]
    public async Task A_session_moves_between_members_with_its_password_also_after_a_restart_and_a_wipe()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: "maxSessionTimeout=60000");
        var leader = await ensemble.LeaderAsync();
        var followers = ensemble.Members.Where(m => m != leader).ToList();
        long id;
        byte[] password;
        await using (var created = await RawSession.OpenAsync(followers[0].ClientPort, 60_000))
        {
            (id, password) = (created.Connect.SessionId, created.Connect.Passwd);
            Assert.NotEqual(0, id);
        }

        await AssertReattachesAsync(followers[1], id, password);
        await AssertReattachesAsync(leader, id, password);
        byte[] wrong = (byte[])password.Clone();
        wrong[0] ^= 1;
        await using (var forged = await RawSession.OpenAsync(followers[1].ClientPort, 60_000, id, wrong))
        {
            Assert.Equal(0, forged.Connect.SessionId);
        }

        // A restarted member reads the password back from its log.
        followers[1].Kill();
        followers[1].Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await AssertReattachesAsync(followers[1], id, password);

        // A wiped member gets it from the leader (SNAP or DIFF).
        followers[0].Kill();
        Directory.Delete(Path.Combine(followers[0].Directory, "data", "version-2"), recursive: true);
        followers[0].Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await AssertReattachesAsync(followers[0], id, password);
    }

    [Fact]
    public async Task A_member_whose_last_log_record_is_damaged_cuts_it_and_gets_it_back_from_the_leader()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var leader = await ensemble.LeaderAsync();
        var follower = ensemble.Members.First(m => m != leader);
        await using (var session = await RawSession.OpenAsync(leader.ClientPort))
        {
            var reply = Assert.Single(await session.SendAsync(OpCode.Create, new CreateRequest("/last", "acked"u8.ToArray(), Acl.OpenAclUnsafe, 0)));
            Assert.Equal(KeeperErrorCode.Ok, reply.Header.Err);
        }

        string leaderZxid = (await leader.MntrAsync())["zk_last_zxid"];
        await Deadline.UntilAsync(
            async () => (await follower.MntrAsync())["zk_last_zxid"] == leaderZxid, TimeSpan.FromSeconds(30), "the follower to log the create");
        follower.Kill();
        var (file, records) = TxnLogFile.Records(Path.Combine(follower.Directory, "data", "version-2"));
        TxnLogFile.FlipByte(file, records[^1].Offset);

        follower.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);

        Assert.Contains("again from the leader", follower.Log, StringComparison.Ordinal);
        await using var reader = await RawSession.OpenAsync(follower.ClientPort);
        var read = (await reader.SendAsync(OpCode.GetData, new GetDataRequest("/last", false)))[^1];
        Assert.Equal(KeeperErrorCode.Ok, read.Header.Err);
    }

    private static async Task AssertReattachesAsync(EnsembleMember member, long id, byte[] password)
    {
        await using var session = await RawSession.OpenAsync(member.ClientPort, 60_000, id, password);
        Assert.Equal(id, session.Connect.SessionId);
        Assert.Equal(password, session.Connect.Passwd);
    }
}
