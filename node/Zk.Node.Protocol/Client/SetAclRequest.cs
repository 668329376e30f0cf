using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>setACL (7) request; version is compared with aversion.</summary>
/// <remarks>Layout: path: ustring | acl: vector&lt;ACL&gt; | version: int.</remarks>
public readonly record struct SetAclRequest(string Path, IReadOnlyList<Acl> Acl, int Version) : IJuteRecord<SetAclRequest>
{
    public static SetAclRequest Read(ref JuteReader reader) => new(
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
