using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>removeWatches (18) request; type is a <see cref="WatcherType"/>.</summary>
/// <remarks>Layout: path: ustring | type: int.</remarks>
public readonly record struct RemoveWatchesRequest(string Path, int Type) : IJuteRecord<RemoveWatchesRequest>
{
    public static RemoveWatchesRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Type);
    }
}
