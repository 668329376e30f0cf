using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>check transaction (inside multi).</summary>
/// <remarks>Layout: path: ustring | version: int.</remarks>
public readonly record struct CheckVersionTxn(string Path, int Version) : IJuteRecord<CheckVersionTxn>
{
    public static CheckVersionTxn Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Version);
    }
}
