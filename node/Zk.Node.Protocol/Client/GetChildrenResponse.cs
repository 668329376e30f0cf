using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getChildren (8) reply: child names, not paths.</summary>
/// <remarks>Layout: children: vector&lt;ustring&gt;.</remarks>
public readonly record struct GetChildrenResponse(IReadOnlyList<string> Children) : IJuteRecord<GetChildrenResponse>
{
    public static GetChildrenResponse Read(ref JuteReader reader) => new(reader.ReadStringVector());

    public void Write(JuteWriter writer)
    {
        writer.WriteStringVector(Children);
    }
}
