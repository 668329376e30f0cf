using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>check (13), meaningful inside multi; version -1 matches any version.</summary>
/// <remarks>Layout: path: ustring | version: int.</remarks>
public readonly record struct CheckVersionRequest(string Path, int Version) : IJuteRecord<CheckVersionRequest>
{
    public static CheckVersionRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Version);
    }
}
