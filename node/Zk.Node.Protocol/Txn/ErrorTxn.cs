using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>error transaction: a failed multi still consumes a zxid.</summary>
/// <remarks>Layout: err: int.</remarks>
public readonly record struct ErrorTxn(int Err) : IJuteRecord<ErrorTxn>
{
    public static ErrorTxn Read(ref JuteReader reader) => new(reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Err);
    }
}
