using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>create / create2 transaction; parentCVersion is the parent's cversion after the create.</summary>
/// <remarks>Layout: path: ustring | data: buffer | acl: vector&lt;ACL&gt; | ephemeral: boolean | parentCVersion: int.</remarks>
public readonly record struct CreateTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, bool Ephemeral, int ParentCVersion) : IJuteRecord<CreateTxn>
{
    public static CreateTxn Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBuffer(),
        reader.ReadVector<Acl>(minElementBytes: 12),
        reader.ReadBool(),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteVector(Acl);
        writer.WriteBool(Ephemeral);
        writer.WriteInt(ParentCVersion);
    }
}
