using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>closeSession transaction: the ephemerals the session owned when it closed.</summary>
/// <remarks>Layout: paths2Delete: vector&lt;ustring&gt;.</remarks>
public readonly record struct CloseSessionTxn(IReadOnlyList<string> Paths2Delete) : IJuteRecord<CloseSessionTxn>
{
    public static CloseSessionTxn Read(ref JuteReader reader) => new(reader.ReadStringVector());

    public void Write(JuteWriter writer)
    {
        writer.WriteStringVector(Paths2Delete);
    }
}
