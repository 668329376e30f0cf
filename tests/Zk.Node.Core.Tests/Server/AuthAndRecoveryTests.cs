using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Server;

public sealed class AuthAndRecoveryTests
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    private static string DigestOf(string userPassword) =>
        userPassword[..userPassword.IndexOf(':', StringComparison.Ordinal)] + ":" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(userPassword)));

    [Fact]
    public void Digest_auth_opens_a_digest_acl_that_stays_closed_to_others()
    {
        var h = new CoreHarness();
        var owner = h.Connect();
        var stranger = h.Connect();
        owner.Reply(owner.Send(OpCode.Auth, new AuthPacket(0, "digest", "alice:secret"u8.ToArray()), Xids.Auth));
        owner.Reply(owner.Send(OpCode.Create, new CreateRequest("/private", [1], [new Acl(Perms.All, new Id("digest", DigestOf("alice:secret")))], 0)));

        owner.Result<GetDataResponse>(owner.Send(OpCode.GetData, new GetDataRequest("/private", false)));
        stranger.Reply(stranger.Send(OpCode.GetData, new GetDataRequest("/private", false)), KeeperErrorCode.NoAuth);
        stranger.Reply(stranger.Send(OpCode.SetData, new SetDataRequest("/private", null, -1)), KeeperErrorCode.NoAuth);
        var masked = stranger.Reply(stranger.Send(OpCode.GetAcl, new GetAclRequest("/private")), KeeperErrorCode.NoAuth);
        Assert.Equal(0, masked.BodyLength);
    }

    [Fact]
    public void Super_digest_bypasses_every_acl_and_whoami_lists_it()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { SuperDigest = DigestOf("super:root") });
        var owner = h.Connect();
        owner.Reply(owner.Send(OpCode.Auth, new AuthPacket(0, "digest", "alice:secret"u8.ToArray()), Xids.Auth));
        owner.Reply(owner.Send(OpCode.Create, new CreateRequest("/private", null, [new Acl(Perms.All, new Id("auth", ""))], 0)));

        var admin = h.Connect();
        admin.Reply(admin.Send(OpCode.Auth, new AuthPacket(0, "digest", "super:root"u8.ToArray()), Xids.Auth));
        admin.Reply(admin.Send(OpCode.SetData, new SetDataRequest("/private", [2], -1)));
        var who = admin.Result<WhoAmIResponse>(admin.SendEmpty(OpCode.WhoAmI));

        Assert.Contains(new ClientInfo("super", ""), who.ClientInfo);
        Assert.Contains(new ClientInfo("ip", "10.0.0.7"), who.ClientInfo);
    }

    [Fact]
    public void Unknown_auth_scheme_fails_and_closes_only_that_connection()
    {
        var h = new CoreHarness();
        var bad = h.Connect();
        var good = h.Connect();
        var reply = bad.Reply(bad.Send(OpCode.Auth, new AuthPacket(0, "kerberos", [1]), Xids.Auth), KeeperErrorCode.AuthFailed);

        Assert.Equal(0, reply.Header.Zxid);
        Assert.True(bad.IsClosed);
        Assert.False(good.IsClosed);
        Assert.Equal(1, h.Core.Stats.AuthFailedCount);
    }

    [Fact]
    public void Sasl_digest_md5_exchange_adds_the_sasl_identity()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { SaslUsers = new Dictionary<string, string> { ["bob"] = "pw" } });
        var c = h.Connect();
        var challenge = Encoding.UTF8.GetString(c.Result<SetSaslResponse>(c.Send(OpCode.Sasl, new GetSaslRequest([]))).Token!);
        string nonce = challenge.Split(',').Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];
        Assert.Contains("realm=\"zk-sasl-md5\"", challenge, StringComparison.Ordinal);

        string response = ClientResponse("bob", "pw", nonce, "c-nonce", "zookeeper/zk-sasl-md5");
        var final = Encoding.UTF8.GetString(c.Result<SetSaslResponse>(c.Send(OpCode.Sasl, new GetSaslRequest(Encoding.UTF8.GetBytes(response)))).Token!);
        var who = c.Result<WhoAmIResponse>(c.SendEmpty(OpCode.WhoAmI));

        Assert.StartsWith("rspauth=", final, StringComparison.Ordinal);
        Assert.Contains(new ClientInfo("sasl", "bob"), who.ClientInfo);
    }

    [Fact]
    public void Sasl_with_a_wrong_password_fails_and_closes()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { SaslUsers = new Dictionary<string, string> { ["bob"] = "pw" } });
        var c = h.Connect();
        var challenge = Encoding.UTF8.GetString(c.Result<SetSaslResponse>(c.Send(OpCode.Sasl, new GetSaslRequest([]))).Token!);
        string nonce = challenge.Split(',').Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];

        c.Reply(c.Send(OpCode.Sasl, new GetSaslRequest(Encoding.UTF8.GetBytes(ClientResponse("bob", "nope", nonce, "x", "zookeeper/zk-sasl-md5")))), KeeperErrorCode.AuthFailed);
        Assert.True(c.IsClosed);
    }

    /// <summary>RFC 2831 client side, written from the RFC (qop=auth, no authzid).</summary>
    private static string ClientResponse(string user, string password, string nonce, string cnonce, string digestUri)
    {
        const string realm = "zk-sasl-md5";
        const string nc = "00000001";
#pragma warning disable CA5351 // the mechanism is defined over MD5
        byte[] inner = MD5.HashData(Encoding.UTF8.GetBytes($"{user}:{realm}:{password}"));
        string ha1 = Convert.ToHexStringLower(MD5.HashData([.. inner, .. Encoding.UTF8.GetBytes($":{nonce}:{cnonce}")]));
        string ha2 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("AUTHENTICATE:" + digestUri)));
        string response = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")));
#pragma warning restore CA5351
        return $"charset=utf-8,username=\"{user}\",realm=\"{realm}\",nonce=\"{nonce}\",nc={nc},cnonce=\"{cnonce}\",digest-uri=\"{digestUri}\",maxbuf=65536,response={response},qop=auth";
    }

    [Fact]
    public void Malformed_frame_closes_only_that_connection_and_is_counted()
    {
        var h = new CoreHarness();
        var bad = h.Connect();
        var good = h.Connect();
        bad.SendRaw([0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0xff]);

        Assert.True(bad.IsClosed);
        Assert.False(good.IsClosed);
        Assert.Equal(1, h.Core.Stats.MalformedRequestCount);
        good.Result<ExistsResponse>(good.Send(OpCode.Exists, new ExistsRequest("/", false)));
    }

    [Fact]
    public void Snapshot_plus_replayed_log_reproduces_the_tree_digest_and_sessions()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a", [1], Open, 0)));
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a/e", null, Open, CreateFlags.Ephemeral)));
        var snapshot = new ArrayBufferWriter<byte>();
        long covered = h.Core.WriteSnapshot(snapshot);
        int logged = h.Log.Count;
        c.Reply(c.Send(OpCode.SetData, new SetDataRequest("/a", [2], -1)));
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/b-", null, Open, CreateFlags.PersistentSequential)));
        c.Reply(c.Send(OpCode.Multi, new MultiRequest([new MultiOperation(OpCode.Delete, new DeleteRequest("/a/e", -1))])));

        var restored = new ServerCore(h.Options, h.Now);
        restored.LoadSnapshot(snapshot.WrittenSpan);
        foreach (var txn in h.Log.Skip(logged - 1))
        {
            restored.ReplayTxn(txn.Record);
        }

        Assert.Equal(covered, h.Log[logged - 1].Zxid);
        Assert.Equal(h.Core.LastZxid, restored.LastZxid);
        Assert.Equal(h.Core.Tree.Digest, restored.Tree.Digest);
        Assert.Equal(h.Core.Tree.NodeCount, restored.Tree.NodeCount);
        Assert.True(restored.Sessions.TryGet(c.SessionId, out _));

        var fromScratch = new ServerCore(h.Options, h.Now);
        foreach (var txn in h.Log)
        {
            fromScratch.ReplayTxn(txn.Record);
        }

        Assert.Equal(h.Core.Tree.Digest, fromScratch.Tree.Digest);
    }

    [Fact]
    public void Latency_is_measured_from_receive_to_reply_in_simulated_time()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        h.AutoPersist = false;
        c.Send(OpCode.Create, new CreateRequest("/slow", null, Open, 0));
        h.Now += 25;
        h.Core.Tick(h.Now);
        h.PersistAll();

        Assert.Equal(25, h.Core.Stats.Latency.Max);
        Assert.True(h.Core.Stats.TryGetConnection(c.Id, out var stats));
        Assert.Equal("CREA", stats.LastOperation);
        Assert.Equal(2, h.Core.Stats.PacketsReceived);
    }
}
