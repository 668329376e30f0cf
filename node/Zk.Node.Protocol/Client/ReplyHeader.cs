using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>Precedes every server reply after the handshake: xid (int), zxid (long), err (int). The body follows only when err is 0.</summary>
public readonly record struct ReplyHeader(int Xid, long Zxid, KeeperErrorCode Err) : IJuteRecord<ReplyHeader>
{
    public const int WireSize = 16;

    public static ReplyHeader Read(ref JuteReader reader) => new(reader.ReadInt(), reader.ReadLong(), (KeeperErrorCode)reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Xid);
        writer.WriteLong(Zxid);
        writer.WriteInt((int)Err);
    }
}
