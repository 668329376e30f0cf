using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>addWatch (106) request; mode is an <see cref="AddWatchMode"/>.</summary>
/// <remarks>Layout: path: ustring | mode: int.</remarks>
public readonly record struct AddWatchRequest(string Path, int Mode) : IJuteRecord<AddWatchRequest>
{
    public static AddWatchRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(Mode);
    }
}
