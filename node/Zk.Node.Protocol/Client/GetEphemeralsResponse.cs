using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getEphemerals (103) reply.</summary>
/// <remarks>Layout: ephemerals: vector&lt;ustring&gt;.</remarks>
public readonly record struct GetEphemeralsResponse(IReadOnlyList<string> Ephemerals) : IJuteRecord<GetEphemeralsResponse>
{
    public static GetEphemeralsResponse Read(ref JuteReader reader) => new(reader.ReadStringVector());

    public void Write(JuteWriter writer)
    {
        writer.WriteStringVector(Ephemerals);
    }
}
