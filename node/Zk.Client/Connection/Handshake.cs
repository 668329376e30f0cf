using System.Buffers;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Connection;

/// <summary>
/// The connect handshake records (no RequestHeader/ReplyHeader around them).
/// <code>
/// ConnectRequest  (45 bytes): int protocolVersion | long lastZxidSeen | int timeOut | long sessionId | buffer passwd(16) | bool readOnly
/// ConnectResponse (37 bytes): int protocolVersion | int timeOut | long sessionId | buffer passwd(16) [| bool readOnly]
/// </code>
/// A response timeOut of 0 (or less) means the session we asked to re-attach has expired.
/// </summary>
internal readonly record struct Handshake(int TimeoutMs, long SessionId, byte[] Password, bool ReadOnly)
{
    public const int PasswordLength = 16;

    public bool IsExpired => TimeoutMs <= 0;

    public static void WriteRequest(IBufferWriter<byte> output, long lastZxidSeen, int timeoutMs, long sessionId, byte[]? password, bool readOnly)
    {
        var writer = new JuteWriter(output);
        writer.WriteInt(0);
        writer.WriteLong(lastZxidSeen);
        writer.WriteInt(timeoutMs);
        writer.WriteLong(sessionId);
        writer.WriteBuffer(password ?? new byte[PasswordLength]);
        writer.WriteBool(readOnly);
    }

    public static Handshake ReadResponse(ReadOnlySpan<byte> payload)
    {
        var reader = new JuteReader(payload);
        reader.ReadInt();
        int timeout = reader.ReadInt();
        long sessionId = reader.ReadLong();
        byte[] password = reader.ReadBuffer() ?? [];
        bool readOnly = !reader.IsAtEnd && reader.ReadBool();
        return new Handshake(timeout, sessionId, password, readOnly);
    }
}
