using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getChildren2 (12) request.</summary>
/// <remarks>Layout: path: ustring | watch: boolean.</remarks>
public readonly record struct GetChildren2Request(string Path, bool Watch) : IJuteRecord<GetChildren2Request>
{
    public static GetChildren2Request Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBool());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}
