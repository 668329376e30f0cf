using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>setData (5) reply.</summary>
/// <remarks>Layout: stat: Stat (68 bytes).</remarks>
public readonly record struct SetDataResponse(Stat Stat) : IJuteRecord<SetDataResponse>
{
    public static SetDataResponse Read(ref JuteReader reader) => new(Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        Stat.Write(writer);
    }
}
