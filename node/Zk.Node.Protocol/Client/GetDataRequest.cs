using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getData (4) request, also getConfig on /zookeeper/config.</summary>
/// <remarks>Layout: path: ustring | watch: boolean.</remarks>
public readonly record struct GetDataRequest(string Path, bool Watch) : IJuteRecord<GetDataRequest>
{
    public static GetDataRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBool());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}
