using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getAllChildrenNumber (104) request.</summary>
/// <remarks>Layout: path: ustring.</remarks>
public readonly record struct GetAllChildrenNumberRequest(string Path) : IJuteRecord<GetAllChildrenNumberRequest>
{
    public static GetAllChildrenNumberRequest Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
    }
}
