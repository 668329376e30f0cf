using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>setData (5) request; version -1 matches any version.</summary>
/// <remarks>Layout: path: ustring | data: buffer | version: int.</remarks>
public readonly record struct SetDataRequest(string Path, byte[]? Data, int Version) : IJuteRecord<SetDataRequest>
{
    public static SetDataRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBuffer(),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteInt(Version);
    }
}
