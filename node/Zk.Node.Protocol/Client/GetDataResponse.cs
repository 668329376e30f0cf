using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getData (4) and reconfig (16) reply. Null data (length -1) differs from empty data on the wire.</summary>
/// <remarks>Layout: data: buffer | stat: Stat (68 bytes).</remarks>
public readonly record struct GetDataResponse(byte[]? Data, Stat Stat) : IJuteRecord<GetDataResponse>
{
    public static GetDataResponse Read(ref JuteReader reader) => new(
        reader.ReadBuffer(),
        Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        writer.WriteBuffer(Data);
        Stat.Write(writer);
    }
}
