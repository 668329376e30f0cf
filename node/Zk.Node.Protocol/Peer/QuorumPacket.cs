using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Peer;

/// <summary>
/// Every message between leader and learners. type is a <see cref="PacketType"/>; data carries a
/// TxnHeader + txn for PROPOSAL/INFORM, a <see cref="LearnerInfo"/> for FOLLOWERINFO/OBSERVERINFO, a
/// RequestHeader + request for REQUEST, and so on; authinfo is only used by REQUEST.
/// </summary>
/// <remarks>
/// <code>
/// type:int | zxid:long | data:buffer | authinfo:vector&lt;Id&gt;
///    4          8        4 + n          4 + per Id (4 + scheme, 4 + id)
/// </code>
/// ZooKeeper writes these back to back on the quorum socket with no length prefix;
/// <see cref="QuorumPacketStream"/> finds where one ends.
/// </remarks>
public readonly record struct QuorumPacket(int Type, long Zxid, byte[]? Data, IReadOnlyList<Id> Authinfo) : IJuteRecord<QuorumPacket>
{
    public QuorumPacket(PacketType type, long zxid, byte[]? data = null)
        : this((int)type, zxid, data, [])
    {
    }

    public PacketType PacketType => (PacketType)Type;

    public static QuorumPacket Read(ref JuteReader reader) => new(
        reader.ReadInt(),
        reader.ReadLong(),
        reader.ReadBuffer(),
        reader.ReadVector<Id>(minElementBytes: 8));

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Type);
        writer.WriteLong(Zxid);
        writer.WriteBuffer(Data);
        writer.WriteVector(Authinfo);
    }
}
