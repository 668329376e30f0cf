using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>multi transaction: the sub-transactions of one atomic multi, all sharing the header's zxid.</summary>
/// <remarks>Layout: txns: vector&lt;Txn&gt; where Txn = type: int | data: buffer.</remarks>
public readonly record struct MultiTxn(IReadOnlyList<MultiTxnOp> Txns) : IJuteRecord<MultiTxn>
{
    public static MultiTxn Read(ref JuteReader reader) => new(reader.ReadVector<MultiTxnOp>(minElementBytes: 8));

    public void Write(JuteWriter writer)
    {
        writer.WriteVector(Txns);
    }
}
