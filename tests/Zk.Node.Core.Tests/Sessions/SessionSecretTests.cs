using System.Buffers;
using System.Text;
using Zk.Node.Core.Server;
using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Core.Tests.Sessions;

/// <summary>
/// Session passwords and SASL nonces come from the injected <see cref="CoreOptions.RandomBytes"/>; a password is
/// logged in its createSession txn and kept in snapshots, so a restored or replaying core checks re-attaches.
/// </summary>
public sealed class SessionSecretTests
{
    [Fact]
    public void A_new_session_gets_its_password_from_the_injected_source_and_logs_it_in_the_createSession_txn()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { RandomBytes = Counting(0x40) });

        var client = h.Connect();

        Assert.Equal(Enumerable.Range(0x40, 16).Select(i => (byte)i), client.Password);
        var (_, txn) = Decode(h.Log[^1].Record);
        Assert.Equal(client.Password, Assert.IsType<CreateSessionTxn>(txn).Passwd);
    }

    [Fact]
    public void Cores_with_different_sources_give_the_same_session_id_different_passwords()
    {
        var first = new CoreHarness(CoreHarness.DefaultOptions with { RandomBytes = Counting(1) }).Connect();
        var second = new CoreHarness(CoreHarness.DefaultOptions with { RandomBytes = Counting(100) }).Connect();

        Assert.Equal(first.SessionId, second.SessionId);
        Assert.NotEqual(first.Password, second.Password);
    }

    [Fact]
    public void Only_the_logged_password_reattaches_after_a_restore_from_snapshot_or_log()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { RandomBytes = Counting(7) });
        var client = h.Connect();
        var snapshot = new ArrayBufferWriter<byte>();
        h.Core.WriteSnapshot(snapshot);

        var fromSnapshot = new CoreHarness(CoreHarness.DefaultOptions with { RandomBytes = Counting(200) });
        fromSnapshot.Core.LoadSnapshot(snapshot.WrittenSpan);
        var fromLog = new CoreHarness(CoreHarness.DefaultOptions with { RandomBytes = Counting(200) });
        foreach (var txn in h.Log)
        {
            fromLog.Core.ReplayTxn(txn.Record);
        }

        foreach (var restored in new[] { fromSnapshot, fromLog })
        {
            Assert.Equal(client.SessionId, Reattach(restored, client.SessionId, client.Password));
            byte[] wrong = (byte[])client.Password.Clone();
            wrong[^1] ^= 1;
            Assert.Equal(0, Reattach(restored, client.SessionId, wrong));
        }
    }

    [Fact]
    public void A_session_logged_without_a_password_by_an_older_zknode_can_no_longer_be_reattached()
    {
        var h = new CoreHarness();
        var buffer = new ArrayBufferWriter<byte>();
        long sessionId = 0x0100000000000042;
        TxnCodec.Write(new JuteWriter(buffer), new TxnHeader(sessionId, 0, 1, 0, (int)OpCode.CreateSession), new CreateSessionTxn(30_000));
        h.Core.ReplayTxn(buffer.WrittenSpan);

        Assert.True(h.Core.Sessions.TryGet(sessionId, out _));
        Assert.Equal(0, Reattach(h, sessionId, new byte[16]));
    }

    [Fact]
    public void The_sasl_nonce_comes_from_the_injected_source()
    {
        var users = new Dictionary<string, string> { ["bob"] = "pw" };
        string Nonce(byte start)
        {
            var h = new CoreHarness(CoreHarness.DefaultOptions with { SaslUsers = users, RandomBytes = Counting(start) });
            var c = h.Connect();
            string challenge = Encoding.UTF8.GetString(c.Result<SetSaslResponse>(c.Send(OpCode.Sasl, new GetSaslRequest([]))).Token!);
            return challenge.Split(',').Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];
        }

        // The first 16 bytes went to the session's password, the next 24 make the nonce.
        Assert.Equal(Convert.ToBase64String([.. Enumerable.Range(16, 24).Select(i => (byte)i)]), Nonce(0));
        Assert.NotEqual(Nonce(0), Nonce(1));
    }

    /// <summary>A deterministic stand-in for the host's CSPRNG: successive bytes counting up from <paramref name="start"/>.</summary>
    private static Action<Span<byte>> Counting(byte start)
    {
        byte next = start;
        return bytes =>
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = next++;
            }
        };
    }

    private static long Reattach(CoreHarness h, long sessionId, byte[] password)
    {
        var client = new TestClient(h, h.NewConnectionId());
        client.SendConnect(new ConnectRequest(0, 0, 30_000, sessionId, password, false));
        return client.ReadConnectResponse().SessionId;
    }

    private static (TxnHeader Header, object? Txn) Decode(byte[] record)
    {
        var reader = new JuteReader(record, int.MaxValue);
        return TxnCodec.Read(ref reader);
    }
}
