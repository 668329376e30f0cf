using System.Buffers;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Peer;

public sealed class QuorumPacketStreamTests
{
    private const int Max = JuteReader.DefaultMaxBufferLength;

    private static readonly QuorumPacket First = new((int)PacketType.Request, 7, Samples.Data, [new Id("digest", "u:x"), new Id("ip", "10.0.0.1")]);
    private static readonly QuorumPacket Second = new(PacketType.UpToDate, 8);
    private static readonly byte[] Stream = [.. Codec.Encode(First), .. Codec.Encode(Second)];

    public static TheoryData<int> CutPoints()
    {
        var data = new TheoryData<int>();
        for (int cut = 0; cut <= Stream.Length; cut++)
        {
            data.Add(cut);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void Back_to_back_packets_are_read_wherever_the_segments_split(int cut)
    {
        var buffer = Segments.Split(Stream, cut);

        Assert.True(QuorumPacketStream.TryRead(ref buffer, Max, out var first));
        Assert.True(QuorumPacketStream.TryRead(ref buffer, Max, out var second));

        Assert.Equal(Codec.Encode(First), Codec.Encode(first));
        Assert.Equal(Second.Type, second.Type);
        Assert.Null(second.Data);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Every_strict_prefix_of_a_packet_consumes_nothing()
    {
        byte[] packet = Codec.Encode(First);
        for (int length = 0; length < packet.Length; length++)
        {
            var prefix = Segments.Bytewise(packet[..length]);
            var buffer = prefix;

            Assert.False(QuorumPacketStream.TryRead(ref buffer, Max, out _));
            Assert.Equal(prefix.Length, buffer.Length);
        }
    }

    [Theory]
    [InlineData("00000002 0000000000000001 fffffffe")]                   // data length -2
    [InlineData("00000002 0000000000000001 ffffffff fffffffe")]          // authinfo count -2
    [InlineData("00000002 0000000000000001 ffffffff 00000001 fffffff0")] // scheme length -16
    [InlineData("00000002 0000000000000001 00000401")]                   // data above the limit, before it arrives
    public void Malformed_or_oversized_packets_throw_without_waiting_for_more_input(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex(hex));

        Assert.Throws<JuteException>(() => QuorumPacketStream.TryRead(ref buffer, maxPacketLength: 1024, out _));
    }

    [Fact]
    public void Many_small_ids_cannot_add_up_past_the_limit()
    {
        // 100 Ids of 8 bytes each = 800 bytes of authinfo, limit 256.
        byte[] ids = Enumerable.Repeat(Codec.Hex("00000000 00000000"), 100).SelectMany(b => b).ToArray();
        var buffer = new ReadOnlySequence<byte>([.. Codec.Hex("00000001 0000000000000001 ffffffff 00000064"), .. ids]);

        Assert.Throws<JuteException>(() => QuorumPacketStream.TryRead(ref buffer, maxPacketLength: 256, out _));
    }
}
