using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>sync (9) request.</summary>
/// <remarks>Layout: path: ustring.</remarks>
public readonly record struct SyncRequest(string Path) : IJuteRecord<SyncRequest>
{
    public static SyncRequest Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
    }
}
