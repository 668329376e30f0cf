using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>Body of a watch notification (xid -1); type is an <see cref="EventType"/>, state a <see cref="KeeperState"/>.</summary>
/// <remarks>Layout: type: int | state: int | path: ustring.</remarks>
public readonly record struct WatcherEvent(int Type, int State, string Path) : IJuteRecord<WatcherEvent>
{
    public static WatcherEvent Read(ref JuteReader reader) => new(
        reader.ReadInt(),
        reader.ReadInt(),
        reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Type);
        writer.WriteInt(State);
        writer.WriteString(Path);
    }
}
