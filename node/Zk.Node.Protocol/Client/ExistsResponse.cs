using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>exists (3) reply.</summary>
/// <remarks>Layout: stat: Stat (68 bytes).</remarks>
public readonly record struct ExistsResponse(Stat Stat) : IJuteRecord<ExistsResponse>
{
    public static ExistsResponse Read(ref JuteReader reader) => new(Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        Stat.Write(writer);
    }
}
