using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>sasl (102) reply token; null when the server has no SASL configured.</summary>
/// <remarks>Layout: token: buffer.</remarks>
public readonly record struct SetSaslResponse(byte[]? Token) : IJuteRecord<SetSaslResponse>
{
    public static SetSaslResponse Read(ref JuteReader reader) => new(reader.ReadBuffer());

    public void Write(JuteWriter writer)
    {
        writer.WriteBuffer(Token);
    }
}
