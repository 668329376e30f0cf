using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getACL (6) reply.</summary>
/// <remarks>Layout: acl: vector&lt;ACL&gt; | stat: Stat (68 bytes).</remarks>
public readonly record struct GetAclResponse(IReadOnlyList<Acl> Acl, Stat Stat) : IJuteRecord<GetAclResponse>
{
    public static GetAclResponse Read(ref JuteReader reader) => new(
        reader.ReadVector<Acl>(minElementBytes: 12),
        Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        writer.WriteVector(Acl);
        Stat.Write(writer);
    }
}
