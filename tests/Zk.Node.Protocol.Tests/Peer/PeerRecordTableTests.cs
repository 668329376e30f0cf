using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Peer;

public sealed class PeerRecordTableTests
{
    public static TheoryData<CodecCase> Valid => new(
        CodecCase.Of(new QuorumPacket((int)PacketType.Proposal, 0x0000000200000001, Samples.Data, [])),
        CodecCase.Of(new QuorumPacket((int)PacketType.Request, 0, Samples.Data, [new Id("digest", "user:x"), new Id("ip", "10.0.0.1")]), "with authinfo"),
        CodecCase.Of(new QuorumPacket(PacketType.Ping, 0x0000000200000001), "null data"),
        CodecCase.Of(new LearnerInfo(Serverid: 3, ProtocolVersion: 0x10000, ConfigVersion: 0x0000000100000000)));

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_encodings_decode_and_reencode_to_the_same_bytes(CodecCase row) => RecordTable.AssertRoundTrips(row);

    [Theory]
    [MemberData(nameof(Valid))]
    public void Every_strict_prefix_of_a_valid_encoding_is_rejected(CodecCase row) => RecordTable.AssertEveryStrictPrefixThrows(row);

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_trailing_byte_after_a_valid_encoding_is_reported(CodecCase row) => RecordTable.AssertTrailingByteThrows(row);

    [Fact]
    public void A_quorum_packet_is_type_zxid_data_and_authinfo_in_that_order()
    {
        var packet = new QuorumPacket((int)PacketType.Commit, 0x0000000200000001, null, [new Id("ip", "a")]);

        Assert.Equal(Codec.Hex("00000004 0000000200000001 ffffffff 00000001 00000002 6970 00000001 61"), Codec.Encode(packet));
        Assert.Equal(PacketType.Commit, packet.PacketType);
    }

    [Fact]
    public void A_learner_info_is_20_bytes()
    {
        Assert.Equal(
            Codec.Hex("0000000000000003 00010000 0000000100000000"),
            Codec.Encode(new LearnerInfo(3, 0x10000, 0x0000000100000000)));
    }

    [Fact]
    public void Packet_types_have_zookeepers_numbers()
    {
        Assert.Equal(
            Enumerable.Range(1, 19),
            Enum.GetValues<PacketType>().Select(t => (int)t).Order());
        Assert.Equal(10, (int)PacketType.NewLeader);
        Assert.Equal(12, (int)PacketType.UpToDate);
        Assert.Equal(18, (int)PacketType.AckEpoch);
    }
}
