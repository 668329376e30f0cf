using System.Buffers;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Peer;

public sealed class ElectionHandshakeTests
{
    // -65535, sid 2, "zk-1:3888|10.0.0.2:3888" (23 bytes), as QuorumCnxManager.startConnection writes it in 3.6+.
    private static readonly byte[] Current = Codec.Hex(
        "ffffffffffff0001" + "0000000000000002" + "00000017" + Convert.ToHexString("zk-1:3888|10.0.0.2:3888"u8));

    [Fact]
    public void The_current_form_is_version_sid_and_length_prefixed_addresses()
    {
        var handshake = new ElectionHandshake(2, "zk-1:3888|10.0.0.2:3888");

        Assert.Equal(Current, Codec.Encode(handshake));
        Assert.Equal(["zk-1:3888", "10.0.0.2:3888"], handshake.Addresses);
        Assert.Equal(handshake, Codec.Decode<ElectionHandshake>(Current));
    }

    public static TheoryData<int> CutPoints()
    {
        var data = new TheoryData<int>();
        for (int cut = 0; cut <= Current.Length; cut++)
        {
            data.Add(cut);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void The_handshake_is_read_off_a_stream_wherever_the_segments_split_and_the_rest_is_left(int cut)
    {
        byte[] stream = [.. Current, 0x00, 0x00, 0x00, 0x2c];
        var buffer = Segments.Split(stream, cut);

        Assert.True(ElectionHandshake.TryRead(ref buffer, out var handshake));

        Assert.Equal(2, handshake.Sid);
        Assert.Equal(ElectionHandshake.ProtocolVersionV2, handshake.ProtocolVersion);
        Assert.Equal(Codec.Hex("0000002c"), buffer.ToArray());
    }

    [Fact]
    public void Every_strict_prefix_consumes_nothing_and_is_rejected_by_the_record_reader()
    {
        for (int length = 0; length < Current.Length; length++)
        {
            var prefix = Segments.Bytewise(Current[..length]);
            var buffer = prefix;

            Assert.False(ElectionHandshake.TryRead(ref buffer, out _));
            Assert.Equal(prefix.Length, buffer.Length);
            byte[] bytes = Current[..length];
            Assert.Throws<JuteException>(() => Codec.Decode<ElectionHandshake>(bytes));
        }
    }

    [Fact]
    public void A_pre_3_5_peer_sends_only_its_sid()
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("0000000000000005"));

        Assert.True(ElectionHandshake.TryRead(ref buffer, out var handshake));

        Assert.Equal(new ElectionHandshake(0, 5, ""), handshake);
        Assert.Empty(handshake.Addresses);
        Assert.Equal(Codec.Hex("0000000000000005"), Codec.Encode(handshake));
    }

    [Theory]
    [InlineData("ffffffffffff0002 0000000000000002 00000001 61")] // unknown protocol version
    [InlineData("ffffffffffff0001 0000000000000002 00000000")]    // empty address
    [InlineData("ffffffffffff0001 0000000000000002 ffffffff")]    // null address
    [InlineData("ffffffffffff0001 0000000000000002 00001001")]    // 4097 bytes announced
    [InlineData("ffffffffffff0000 0000000000000002 00000002 ff61")] // invalid UTF-8
    public void Malformed_handshakes_are_rejected_without_waiting_for_more_input(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex(hex));

        Assert.Throws<JuteException>(() => ElectionHandshake.TryRead(ref buffer, out _));
        Assert.Throws<JuteException>(() => Codec.Decode<ElectionHandshake>(Codec.Hex(hex)));
    }
}
