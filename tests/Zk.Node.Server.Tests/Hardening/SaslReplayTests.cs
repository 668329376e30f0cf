using System.Security.Cryptography;
using System.Text;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Hardening;

/// <summary>
/// A recorded SASL DIGEST-MD5 login cannot be replayed after a restart: the server's nonce must differ, so the
/// recorded response (which covers the nonce) no longer proves the password.
/// </summary>
public sealed class SaslReplayTests
{
    private const string Jaas = """
        Server {
               org.apache.zookeeper.server.auth.DigestLoginModule required
               user_bob="bobsecret";
        };
        """;

    [Fact]
    public async Task A_login_recorded_before_a_restart_is_refused_when_replayed_after_it()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, jaas: Jaas);
        byte[] recordedResponse;
        await using (var bob = await RawSession.OpenAsync(server.ClientPort))
        {
            string challenge = Encoding.UTF8.GetString(Token(await bob.SendAsync(OpCode.Sasl, new GetSaslRequest([]))));
            string nonce = challenge.Split(',').Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];
            recordedResponse = Encoding.UTF8.GetBytes(ClientResponse("bob", "bobsecret", nonce, "recorded-cnonce"));
            Token(await bob.SendAsync(OpCode.Sasl, new GetSaslRequest(recordedResponse)));
            var created = Assert.Single(await bob.SendAsync(OpCode.Create, new CreateRequest("/bob-only", "secret"u8.ToArray(), [new Acl(Perms.All, new Id("sasl", "bob"))], 0)));
            Assert.Equal(KeeperErrorCode.Ok, created.Header.Err);
        }

        server.Kill();
        await server.RestartAsync();

        await using var replay = await RawSession.OpenAsync(server.ClientPort);
        Token(await replay.SendAsync(OpCode.Sasl, new GetSaslRequest([])));
        var answer = (await replay.SendAsync(OpCode.Sasl, new GetSaslRequest(recordedResponse)))[^1];
        Assert.True(answer.IsClosed || answer.Header.Err == KeeperErrorCode.AuthFailed, $"replayed login answered {answer.Header.Err}");
        var read = (await replay.SendAsync(OpCode.GetData, new GetDataRequest("/bob-only", false)))[^1];
        Assert.True(read.IsClosed || read.Header.Err != KeeperErrorCode.Ok, "the replayed login read bob's node");
    }

    private static byte[] Token(List<Frame> frames)
    {
        var reply = frames[^1];
        Assert.False(reply.IsClosed, "the server closed the connection");
        Assert.Equal(KeeperErrorCode.Ok, reply.Header.Err);
        var reader = new JuteReader(reply.Body);
        return SetSaslResponse.Read(ref reader).Token ?? [];
    }

    /// <summary>RFC 2831 client side (qop=auth, no authzid), as the Java client computes it.</summary>
    private static string ClientResponse(string user, string password, string nonce, string cnonce)
    {
        const string realm = "zk-sasl-md5";
        const string digestUri = "zookeeper/zk-sasl-md5";
        const string nc = "00000001";
#pragma warning disable CA5351 // the mechanism is defined over MD5
        byte[] inner = MD5.HashData(Encoding.UTF8.GetBytes($"{user}:{realm}:{password}"));
        string ha1 = Convert.ToHexStringLower(MD5.HashData([.. inner, .. Encoding.UTF8.GetBytes($":{nonce}:{cnonce}")]));
        string ha2 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("AUTHENTICATE:" + digestUri)));
        string response = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")));
#pragma warning restore CA5351
        return $"charset=utf-8,username=\"{user}\",realm=\"{realm}\",nonce=\"{nonce}\",nc={nc},cnonce=\"{cnonce}\",digest-uri=\"{digestUri}\",maxbuf=65536,response={response},qop=auth";
    }
}
