using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>create2 / createContainer / createTTL reply: the actual path and the new node's Stat.</summary>
/// <remarks>Layout: path: ustring | stat: Stat (68 bytes).</remarks>
public readonly record struct Create2Response(string Path, Stat Stat) : IJuteRecord<Create2Response>
{
    public static Create2Response Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        Stat.Write(writer);
    }
}
