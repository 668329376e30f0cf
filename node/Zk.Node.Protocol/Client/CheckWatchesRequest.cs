using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>checkWatches (17) request; type is a <see cref="WatcherType"/>.</summary>
/// <remarks>Layout: path: ustring | type: int.</remarks>
public readonly record struct CheckWatchesRequest(string Path, int Type) : IJuteRecord<CheckWatchesRequest>
{
    public static CheckWatchesRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Type);
    }
}
