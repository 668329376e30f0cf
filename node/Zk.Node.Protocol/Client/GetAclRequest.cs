using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getACL (6) request.</summary>
/// <remarks>Layout: path: ustring.</remarks>
public readonly record struct GetAclRequest(string Path) : IJuteRecord<GetAclRequest>
{
    public static GetAclRequest Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
    }
}
