using System.Buffers;
using System.Buffers.Binary;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Connection;

/// <summary>
/// Splits the server's byte stream into frames:
/// <code>
/// +----------------------+---------------------------+
/// | int32 BE length N    | N payload bytes           |
/// +----------------------+---------------------------+
/// </code>
/// An incomplete frame consumes nothing; a negative or oversized length throws before anything is buffered for it.
/// </summary>
internal static class FrameReader
{
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(lengthBytes);
        int length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (length < 0 || length > maxFrameBytes)
        {
            throw new JuteException($"frame length {length} outside 0..{maxFrameBytes}");
        }

        if (buffer.Length - 4 < length)
        {
            return false;
        }

        payload = buffer.Slice(4, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
