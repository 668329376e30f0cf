using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zk.Node.Core.Sessions;

/// <summary>
/// Session passwords are derived, not stored: HMAC-SHA256(secret, sessionId as 8 big-endian bytes) truncated
/// to the 16 bytes clients expect, so any member holding the secret can verify a re-attach.
/// </summary>
internal static class SessionPasswords
{
    public const int Length = 16;

    public static byte[] For(ReadOnlySpan<byte> secret, long sessionId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, sessionId);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, id, mac);
        return mac[..Length].ToArray();
    }

    public static bool Matches(ReadOnlySpan<byte> secret, long sessionId, ReadOnlySpan<byte> password)
    {
        var expected = For(secret, sessionId);
        return password.Length == Length && CryptographicOperations.FixedTimeEquals(expected, password);
    }
}
