using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>createTTL (21) request.</summary>
/// <remarks>Layout: path: ustring | data: buffer | acl: vector&lt;ACL&gt; | flags: int | ttl: long.</remarks>
public readonly record struct CreateTtlRequest(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int Flags, long Ttl) : IJuteRecord<CreateTtlRequest>
{
    public static CreateTtlRequest Read(ref JuteReader reader) => new(
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
        writer.WriteInt(Flags);
        writer.WriteLong(Ttl);
    }
}
