using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>delete (2) request; version -1 matches any version.</summary>
/// <remarks>Layout: path: ustring | version: int.</remarks>
public readonly record struct DeleteRequest(string Path, int Version) : IJuteRecord<DeleteRequest>
{
    public static DeleteRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Version);
    }
}
