using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>Per-op error inside a multi reply, and the 4-byte body of a successful addWatch (err = 0).</summary>
/// <remarks>Layout: err: int.</remarks>
public readonly record struct ErrorResponse(int Err) : IJuteRecord<ErrorResponse>
{
    public static ErrorResponse Read(ref JuteReader reader) => new(reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Err);
    }
}
