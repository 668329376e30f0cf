using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>auth (100, xid -4) request; type is always 0.</summary>
/// <remarks>Layout: type: int | scheme: ustring | auth: buffer.</remarks>
public readonly record struct AuthPacket(int Type, string Scheme, byte[]? Auth) : IJuteRecord<AuthPacket>
{
    public static AuthPacket Read(ref JuteReader reader) => new(
        reader.ReadInt(),
        reader.ReadString() ?? "",
        reader.ReadBuffer());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Type);
        writer.WriteString(Scheme);
        writer.WriteBuffer(Auth);
    }
}
