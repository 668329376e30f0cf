using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Data;

/// <summary>One authenticated identity of a connection, as returned by whoAmI (3.7).</summary>
/// <remarks>Layout: authScheme: ustring | user: ustring.</remarks>
public readonly record struct ClientInfo(string AuthScheme, string User) : IJuteRecord<ClientInfo>
{
    public static ClientInfo Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(AuthScheme);
        writer.WriteString(User);
    }
}
