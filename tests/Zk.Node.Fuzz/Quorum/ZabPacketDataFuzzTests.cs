using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Core.Zab;
using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Fuzz.Quorum;

/// <summary>
/// The readers Leader and Learner apply to a packet's data (ZabPackets): whatever a peer puts in a packet of any
/// type, they return a value or throw <see cref="JuteException"/>.
/// </summary>
public sealed class ZabPacketDataFuzzTests
{
    private static readonly Gen<QuorumPacket> HostilePackets =
        from packet in QuorumRecords.Packet
        from type in Gen.Elements(Enum.GetValues<PacketType>())
        from data in Gen.Frequency(
            (1, Gen.Constant<byte[]?>(null)),
            (4, Mutations.Hostile(Gen.Constant(packet.Data ?? [])).Select(d => (byte[]?)d)))
        select packet with { Type = (int)type, Data = data };

    [Fact]
    public void Every_packet_data_reader_returns_or_throws_JuteException()
    {
        FuzzRun.ForAll(nameof(Every_packet_data_reader_returns_or_throws_JuteException), HostilePackets, packet =>
            HostileInput.Decodes(packet.Data ?? [], _ => ReadAll(packet)));
    }

    [Fact]
    public void Informandactivate_with_7_bytes_of_data_has_no_record()
    {
        // Found while moving the learner's packet-data reads under this property: it sliced Data[8..] unchecked.
        // type 19 (INFORMANDACTIVATE) | zxid 0x100000002 | data: 7 bytes | authinfo: empty vector
        byte[] stream = Convert.FromHexString("00000013" + "0000000100000002" + "00000007" + "00000000000001" + "00000000");
        var buffer = new System.Buffers.ReadOnlySequence<byte>(stream);
        Assert.True(QuorumPacketStream.TryRead(ref buffer, 1 << 20, out var packet));
        Assert.Equal(PacketType.InformAndActivate, packet.PacketType);
        Assert.Null(ZabPackets.InformedRecord(packet));
        Assert.Null(ZabPackets.DesignatedLeaderOf(packet.Data));
    }

    private static void ReadAll(QuorumPacket packet)
    {
        _ = ZabPackets.ReadInt(packet.Data);
        _ = ZabPackets.ReadRequest(packet);
        _ = ZabPackets.ReadTouches(packet.Data).Count();
        _ = ZabPackets.ReadRevalidateAnswer(packet.Data);
        _ = ZabPackets.DesignatedLeaderOf(packet.Data);
        _ = ZabPackets.ConfigOf(packet.Data);
        if (ZabPackets.InformedRecord(packet) is { } record)
        {
            _ = ZabPackets.ReconfigOf(record);
        }

        if (packet.PacketType is PacketType.FollowerInfo or PacketType.ObserverInfo)
        {
            _ = ZabPackets.ReadLearnerInfo(packet.Data);
        }
    }
}
