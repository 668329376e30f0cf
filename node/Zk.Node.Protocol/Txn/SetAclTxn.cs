using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>setACL transaction; version is the new aversion.</summary>
/// <remarks>Layout: path: ustring | acl: vector&lt;ACL&gt; | version: int.</remarks>
public readonly record struct SetAclTxn(string Path, IReadOnlyList<Acl> Acl, int Version) : IJuteRecord<SetAclTxn>
{
    public static SetAclTxn Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadVector<Acl>(minElementBytes: 12),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteVector(Acl);
        writer.WriteInt(Version);
    }
}
