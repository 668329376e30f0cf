using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>createContainer transaction.</summary>
/// <remarks>Layout: path: ustring | data: buffer | acl: vector&lt;ACL&gt; | parentCVersion: int.</remarks>
public readonly record struct CreateContainerTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int ParentCVersion) : IJuteRecord<CreateContainerTxn>
{
    public static CreateContainerTxn Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBuffer(),
        reader.ReadVector<Acl>(minElementBytes: 12),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteVector(Acl);
        writer.WriteInt(ParentCVersion);
    }
}
