using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>
/// One sub-transaction of a <see cref="MultiTxn"/> (the jute record <c>Txn</c>): its type and its txn record,
/// already serialized. <see cref="TxnCodec.EncodeMultiOp"/> and <see cref="TxnCodec.DecodeMultiOp"/> convert.
/// </summary>
/// <remarks>Layout: type: int | data: buffer.</remarks>
public readonly record struct MultiTxnOp(int Type, byte[] Data) : IJuteRecord<MultiTxnOp>
{
    public static MultiTxnOp Read(ref JuteReader reader) => new(reader.ReadInt(), reader.ReadBuffer() ?? []);

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Type);
        writer.WriteBuffer(Data);
    }
}
