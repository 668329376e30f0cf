using System.Buffers;
using Zk.Node.Core.Server;
using Zk.Node.Core.Zab;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>A client re-attaching its session on a learner is answered only after the leader revalidated it.</summary>
public sealed class RevalidateTests
{
    private const long SessionId = 0x0100000000000001;
    private static readonly ConnectionId Client = new(7);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_learner_answers_a_reattach_with_the_leaders_verdict(bool valid)
    {
        var follower = ServingFollower(2, SessionId);
        follower.Peer.Connect(Client, Reattach(), "10.0.0.1:1", follower.NowMs);
        var asked = follower.Peer.TakeReady();
        Assert.Empty(asked.ClientSends);
        var question = Assert.Single(asked.Quorum, q => q.Packet?.PacketType == PacketType.Revalidate).Packet!.Value;
        Assert.Equal(SessionId, System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(question.Data));

        var answered = follower.Receive(1, new QuorumPacket(PacketType.Revalidate, 0, ZabPackets.RevalidateAnswer(SessionId, valid)));

        var reply = Assert.Single(answered.ClientSends);
        var reader = new JuteReader(reply.Payload, int.MaxValue);
        var response = ConnectResponse.Read(ref reader, out _);
        Assert.Equal(valid ? SessionId : 0, response.SessionId);
        Assert.Equal(valid, response.TimeOut > 0);
        Assert.Equal(valid ? [] : [Client], answered.ClientCloses);
    }

    private static byte[] Reattach()
    {
        var buffer = new ArrayBufferWriter<byte>();
        new ConnectRequest(0, 0x100000001, 4000, SessionId, SessionPassword, false).Write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
