using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getChildren2 (12) reply: child names and the parent's Stat.</summary>
/// <remarks>Layout: children: vector&lt;ustring&gt; | stat: Stat (68 bytes).</remarks>
public readonly record struct GetChildren2Response(IReadOnlyList<string> Children, Stat Stat) : IJuteRecord<GetChildren2Response>
{
    public static GetChildren2Response Read(ref JuteReader reader) => new(
        reader.ReadStringVector(),
        Stat.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        writer.WriteStringVector(Children);
        Stat.Write(writer);
    }
}
