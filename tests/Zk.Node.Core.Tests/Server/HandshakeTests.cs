using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Server;

public sealed class HandshakeTests
{
    [Fact]
    public void New_session_reply_waits_until_the_createSession_txn_is_persisted()
    {
        var h = new CoreHarness { AutoPersist = false };
        var client = new TestClient(h, h.NewConnectionId());
        client.SendConnect(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false));

        Assert.Equal(0, client.PendingFrames);
        var txn = Assert.Single(h.Unpersisted);

        h.PersistAll();
        var payload = h.Inbox(client.Id).Peek();
        Assert.Equal(ConnectResponse.WireSize, payload.Length);
        var response = client.ReadConnectResponse();
        Assert.Equal(30_000, response.TimeOut);
        Assert.Equal(16, response.Passwd.Length);
        Assert.Equal(1L, response.SessionId >>> 56);
        Assert.Equal(txn.Zxid, h.Core.LastZxid);
    }

    [Fact]
    public void A_44_byte_handshake_gets_a_36_byte_reply()
    {
        var h = new CoreHarness();
        var client = new TestClient(h, h.NewConnectionId());
        client.SendConnect(new ConnectRequest(0, 0, 10_000, 0, new byte[16], false), includeReadOnlyByte: false);

        Assert.Equal(ConnectResponse.WireSizeWithoutReadOnly, h.Inbox(client.Id).Peek().Length);
        Assert.NotEqual(0, client.ReadConnectResponse().SessionId);
    }

    [Theory]
    [InlineData(1_000, 4_000)]
    [InlineData(10_000_000, 40_000)]
    [InlineData(30_000, 30_000)]
    public void Requested_timeout_is_clamped_to_two_and_twenty_ticks(int requested, int negotiated)
    {
        var h = new CoreHarness();
        Assert.Equal(negotiated, h.Connect(requested).TimeoutMs);
    }

    [Fact]
    public void Client_that_has_seen_a_newer_zxid_is_closed_without_a_reply()
    {
        var h = new CoreHarness();
        var client = new TestClient(h, h.NewConnectionId());
        client.SendConnect(new ConnectRequest(0, h.Core.LastZxid + 5, 30_000, 0, new byte[16], false));

        Assert.Equal(0, client.PendingFrames);
        Assert.True(client.IsClosed);
        Assert.Equal(0, h.Core.Sessions.Count);
    }

    [Fact]
    public void Reattach_with_the_right_password_keeps_the_session_and_closes_the_old_connection()
    {
        var h = new CoreHarness();
        var first = h.Connect();
        var second = new TestClient(h, h.NewConnectionId());
        second.SendConnect(new ConnectRequest(0, h.Core.LastZxid, 30_000, first.SessionId, first.Password, false));

        var response = second.ReadConnectResponse();
        Assert.Equal(first.SessionId, response.SessionId);
        Assert.Equal(first.Password, response.Passwd);
        Assert.True(first.IsClosed);
        Assert.False(second.IsClosed);
        Assert.Equal(1, h.Core.Sessions.Count);
    }

    [Fact]
    public void Reattach_with_a_wrong_password_is_told_expired_and_closed()
    {
        var h = new CoreHarness();
        var first = h.Connect();
        var wrong = (byte[])first.Password.Clone();
        wrong[0] ^= 0xff;
        var second = new TestClient(h, h.NewConnectionId());
        second.SendConnect(new ConnectRequest(0, 0, 30_000, first.SessionId, wrong, false));

        var response = second.ReadConnectResponse();
        Assert.Equal(0, response.TimeOut);
        Assert.Equal(0, response.SessionId);
        Assert.Equal(new byte[16], response.Passwd);
        Assert.True(second.IsClosed);
        Assert.False(first.IsClosed);
    }

    [Fact]
    public void Reattach_to_an_unknown_session_is_told_expired()
    {
        var h = new CoreHarness();
        var client = new TestClient(h, h.NewConnectionId());
        client.SendConnect(new ConnectRequest(0, 0, 30_000, 0x0100_0000_0000_1234, new byte[16], false));

        Assert.Equal(0, client.ReadConnectResponse().TimeOut);
        Assert.True(client.IsClosed);
    }

    [Fact]
    public void Frames_pipelined_behind_the_handshake_are_processed_after_it_in_order()
    {
        var h = new CoreHarness { AutoPersist = false };
        var client = new TestClient(h, h.NewConnectionId());
        client.SendConnect(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false));
        int create = client.Send(OpCode.Create, new CreateRequest("/early", [1], Acl.OpenAclUnsafe, CreateFlags.Ephemeral));
        int read = client.Send(OpCode.GetData, new GetDataRequest("/early", false));
        Assert.Equal(0, client.PendingFrames);

        h.PersistAll();

        var session = client.ReadConnectResponse();
        Assert.Equal(0, client.PendingFrames);
        Assert.Single(h.Unpersisted);
        h.PersistAll();
        Assert.Equal("/early", client.Result<CreateResponse>(create).Path);
        var data = client.Result<GetDataResponse>(read);
        Assert.Equal(session.SessionId, data.Stat.EphemeralOwner);
    }

    [Fact]
    public void Session_ids_carry_the_server_id_and_differ()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { ServerId = 7 });
        var a = h.Connect();
        var b = h.Connect();

        Assert.Equal(7L, a.SessionId >>> 56);
        Assert.NotEqual(a.SessionId, b.SessionId);
    }
}
