using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>delete and deleteContainer transaction.</summary>
/// <remarks>Layout: path: ustring.</remarks>
public readonly record struct DeleteTxn(string Path) : IJuteRecord<DeleteTxn>
{
    public static DeleteTxn Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
    }
}
