using System.Buffers;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>readonlymode.enabled: a member without a quorum serves reads to clients that allow it.</summary>
public sealed class ReadOnlyModeTests
{
    private static readonly ConnectionId Client = new(3);

    [Fact]
    public void A_member_cut_off_from_the_quorum_serves_reads_and_refuses_writes_with_notreadonly()
    {
        var member = Isolated(readOnlyMode: true);
        Assert.True(member.Peer.IsReadOnly);

        member.Peer.Connect(Client, Connect(canBeReadOnly: true), "10.0.0.1:1", member.NowMs);
        var connected = member.Peer.TakeReady();
        var reader = new JuteReader(Assert.Single(connected.ClientSends).Payload, int.MaxValue);
        var response = ConnectResponse.Read(ref reader, out _);
        Assert.True(response.ReadOnly);
        Assert.NotEqual(0, response.SessionId);
        Assert.DoesNotContain(member.Peer.Sessions.All, s => s.Id == response.SessionId);

        Assert.Equal(KeeperErrorCode.Ok, Send(member, 1, OpCode.Exists, w => new ExistsRequest("/zookeeper", false).Write(w)));
        Assert.Equal(KeeperErrorCode.NotReadOnly, Send(member, 2, OpCode.Create, w => new CreateRequest("/x", [], Protocol.Data.Acl.OpenAclUnsafe, 0).Write(w)));
    }

    [Fact]
    public void A_client_that_does_not_allow_read_only_servers_is_closed()
    {
        var member = Isolated(readOnlyMode: true);

        member.Peer.Connect(Client, Connect(canBeReadOnly: false), "10.0.0.1:1", member.NowMs);

        Assert.Equal([Client], member.Peer.TakeReady().ClientCloses);
    }

    [Fact]
    public void Without_the_option_a_looking_member_serves_nobody()
    {
        var member = Isolated(readOnlyMode: false);
        Assert.False(member.Peer.IsReadOnly);

        member.Peer.Connect(Client, Connect(canBeReadOnly: true), "10.0.0.1:1", member.NowMs);

        Assert.Equal([Client], member.Peer.TakeReady().ClientCloses);
    }

    [Fact]
    public void An_election_decision_ends_read_only_mode_and_closes_its_clients()
    {
        var member = Isolated(readOnlyMode: true);
        member.Peer.Connect(Client, Connect(canBeReadOnly: true), "10.0.0.1:1", member.NowMs);
        member.Peer.TakeReady();

        var elected = member.Elect(1, 0x100000009, 1);

        Assert.False(member.Peer.IsReadOnly);
        Assert.Contains(Client, elected.ClientCloses);
    }

    /// <summary>Member 2 hears nobody for three seconds.</summary>
    private static ZabTestKit Isolated(bool readOnlyMode)
    {
        var member = Member(2, [], new PeerEpochs(0, 0), readOnlyMode: readOnlyMode);
        member.Wait(3000);
        Assert.Equal(ServerState.Looking, member.Peer.State);
        return member;
    }

    private static KeeperErrorCode Send(ZabTestKit member, int xid, OpCode type, Action<JuteWriter> body)
    {
        member.Peer.Receive(Client, Encode(w =>
        {
            new RequestHeader(xid, type).Write(w);
            body(w);
        }), member.NowMs);
        var reader = new JuteReader(Assert.Single(member.Peer.TakeReady().ClientSends).Payload, int.MaxValue);
        var header = ReplyHeader.Read(ref reader);
        Assert.Equal(xid, header.Xid);
        return header.Err;
    }

    private static byte[] Connect(bool canBeReadOnly) =>
        Encode(w => new ConnectRequest(0, 0, 4000, 0, new byte[16], canBeReadOnly).Write(w));

    private static byte[] Encode(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
