using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>Precedes every client request after the handshake: xid (int), type (int).</summary>
public readonly record struct RequestHeader(int Xid, OpCode Type) : IJuteRecord<RequestHeader>
{
    public static RequestHeader Read(ref JuteReader reader) => new(reader.ReadInt(), (OpCode)reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Xid);
        writer.WriteInt((int)Type);
    }
}
