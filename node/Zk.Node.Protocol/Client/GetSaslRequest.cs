using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>sasl (102) request token.</summary>
/// <remarks>Layout: token: buffer.</remarks>
public readonly record struct GetSaslRequest(byte[]? Token) : IJuteRecord<GetSaslRequest>
{
    public static GetSaslRequest Read(ref JuteReader reader) => new(reader.ReadBuffer());

    public void Write(JuteWriter writer)
    {
        writer.WriteBuffer(Token);
    }
}
