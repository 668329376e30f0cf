using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>exists (3) request.</summary>
/// <remarks>Layout: path: ustring | watch: boolean.</remarks>
public readonly record struct ExistsRequest(string Path, bool Watch) : IJuteRecord<ExistsRequest>
{
    public static ExistsRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBool());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}
