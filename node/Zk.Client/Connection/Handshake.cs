using System.Buffers;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Connection;

/// <summary>
/// What the connect handshake settled. The records travel without RequestHeader/ReplyHeader:
/// <code>
/// ConnectRequest  (45 bytes): int protocolVersion | long lastZxidSeen | int timeOut | long sessionId | buffer passwd(16) | bool readOnly
/// ConnectResponse (37 bytes): int protocolVersion | int timeOut | long sessionId | buffer passwd(16) [| bool readOnly]
/// </code>
/// A response timeOut of 0 (or less) means the session we asked to re-attach has expired.
/// </summary>
internal readonly record struct Handshake(int TimeoutMs, long SessionId, byte[] Password, bool ReadOnly)
{
    public bool IsExpired => TimeoutMs <= 0;

    /// <summary>Always the 45-byte form with the readOnly byte, as the Java and C clients and kazoo send it.</summary>
    public static void WriteRequest(IBufferWriter<byte> output, long lastZxidSeen, int timeoutMs, long sessionId, byte[]? password, bool readOnly) =>
        new ConnectRequest(0, lastZxidSeen, timeoutMs, sessionId, password ?? new byte[ConnectResponse.PasswordLength], readOnly)
            .Write(new JuteWriter(output), includeReadOnlyByte: true);

    /// <summary>Accepts the 36-byte answer of servers that predate read-only mode as well as the 37-byte one.</summary>
    public static Handshake ReadResponse(ReadOnlySpan<byte> payload)
    {
        var reader = new JuteReader(payload);
        var response = ConnectResponse.Read(ref reader, out _);
        return new Handshake(response.TimeOut, response.SessionId, response.Passwd, response.ReadOnly);
    }
}
