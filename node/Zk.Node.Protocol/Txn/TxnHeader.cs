using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>Precedes every transaction in the log and in proposals; type is an <see cref="Client.OpCode"/> (32 bytes).</summary>
/// <remarks>Layout: clientId: long | cxid: int | zxid: long | time: long | type: int.</remarks>
public readonly record struct TxnHeader(long ClientId, int Cxid, long Zxid, long Time, int Type) : IJuteRecord<TxnHeader>
{
    public static TxnHeader Read(ref JuteReader reader) => new(
        reader.ReadLong(),
        reader.ReadInt(),
        reader.ReadLong(),
        reader.ReadLong(),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(ClientId);
        writer.WriteInt(Cxid);
        writer.WriteLong(Zxid);
        writer.WriteLong(Time);
        writer.WriteInt(Type);
    }
}
