using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>createTTL transaction.</summary>
/// <remarks>Layout: path: ustring | data: buffer | acl: vector&lt;ACL&gt; | parentCVersion: int | ttl: long.</remarks>
public readonly record struct CreateTtlTxn(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int ParentCVersion, long Ttl) : IJuteRecord<CreateTtlTxn>
{
    public static CreateTtlTxn Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBuffer(),
        reader.ReadVector<Acl>(minElementBytes: 12),
        reader.ReadInt(),
        reader.ReadLong());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteVector(Acl);
        writer.WriteInt(ParentCVersion);
        writer.WriteLong(Ttl);
    }
}
