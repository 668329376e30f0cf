using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>setACL (7) reply.</summary>
/// <remarks>Layout: stat: Stat (68 bytes).</remarks>
public readonly record struct SetAclResponse(Stat Stat) : IJuteRecord<SetAclResponse>
{
    public static SetAclResponse Read(ref JuteReader reader) => new(Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        Stat.Write(writer);
    }
}
