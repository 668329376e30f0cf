using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getChildren (8) request.</summary>
/// <remarks>Layout: path: ustring | watch: boolean.</remarks>
public readonly record struct GetChildrenRequest(string Path, bool Watch) : IJuteRecord<GetChildrenRequest>
{
    public static GetChildrenRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBool());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}
