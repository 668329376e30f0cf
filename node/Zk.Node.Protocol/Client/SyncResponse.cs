using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>sync (9) reply: echoes the path.</summary>
/// <remarks>Layout: path: ustring.</remarks>
public readonly record struct SyncResponse(string Path) : IJuteRecord<SyncResponse>
{
    public static SyncResponse Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
    }
}
