using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Hardening;

/// <summary>
/// Session passwords are random and logged with the session, not derived from anything a client can see: the
/// same data folder gives different passwords on every start, the old derivation (SHA-256 of a constant and the
/// dataDir that <c>conf</c> prints) no longer opens a session, and no four-letter word or admin command shows one.
/// </summary>
public sealed class SessionPasswordTests
{
    private static readonly string[] Words = ["conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "isro", "mntr", "ruok", "srst", "srvr", "stat", "wchc", "wchp", "wchs"];

    [Fact]
    public async Task Two_starts_on_one_data_folder_give_different_passwords_and_the_old_derivation_is_refused()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "maxSessionTimeout=60000");
        var first = await OpenAsync(server);
        server.Kill();
        await server.RestartAsync();
        var second = await OpenAsync(server);

        Assert.NotEqual(first.Password, second.Password);
        foreach (var (id, _) in new[] { first, second })
        {
            await using var forged = await RawSession.OpenAsync(server.ClientPort, 30_000, id, OldDerivedPassword(server.DataDir, id));
            Assert.Equal(0, forged.Connect.SessionId);
        }

        // The real password survives the restart (it is logged with the session) and keeps working.
        await using var reattached = await RawSession.OpenAsync(server.ClientPort, 30_000, first.Id, first.Password);
        Assert.Equal(first.Id, reattached.Connect.SessionId);
    }

    [Fact]
    public async Task No_four_letter_word_or_admin_command_shows_a_session_password()
    {
        int adminPort = FreePort.Next();
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, $"admin.enableServer=true\nadmin.serverPort={adminPort}\nadmin.serverAddress=127.0.0.1");
        await using var session = await RawSession.OpenAsync(server.ClientPort, 30_000);
        byte[] password = session.Connect.Passwd;
        string[] forms = [Convert.ToHexString(password), Convert.ToHexStringLower(password), Convert.ToBase64String(password), Encoding.Latin1.GetString(password)];

        var outputs = new List<(string What, string Text)>();
        foreach (string word in Words)
        {
            outputs.Add((word, await FourLetter.AskAsync(server.ClientPort, word)));
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
        string list = await http.GetStringAsync(new Uri("/commands", UriKind.Relative));
        foreach (string name in System.Text.Json.JsonDocument.Parse(list).RootElement.GetProperty("commands").EnumerateArray().Select(e => e.GetString()!))
        {
            using var response = await http.GetAsync(new Uri("/commands/" + name, UriKind.Relative));
            outputs.Add(("admin " + name, await response.Content.ReadAsStringAsync()));
        }

        Assert.Contains(outputs, o => o.What == "cons" && o.Text.Contains($"sid=0x{session.Connect.SessionId:x}", StringComparison.Ordinal));
        foreach (var (what, text) in outputs)
        {
            foreach (string form in forms)
            {
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"{what} shows the session password");
            }
        }
    }

    private static async Task<(long Id, byte[] Password)> OpenAsync(ServerProcess server)
    {
        await using var session = await RawSession.OpenAsync(server.ClientPort, 30_000);
        Assert.NotEqual(0, session.Connect.SessionId);
        return (session.Connect.SessionId, session.Connect.Passwd);
    }

    /// <summary>How zknode derived a standalone session's password before: HMAC-SHA256(SHA-256("zknode-session:" + dataDir), id)[..16].</summary>
    private static byte[] OldDerivedPassword(string dataDir, long sessionId)
    {
        byte[] secret = SHA256.HashData(Encoding.UTF8.GetBytes("zknode-session:" + dataDir));
        byte[] id = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, sessionId);
        return HMACSHA256.HashData(secret, id)[..16];
    }
}
