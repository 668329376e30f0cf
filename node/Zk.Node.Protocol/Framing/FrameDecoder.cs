using System.Buffers;
using System.Buffers.Binary;

namespace Zk.Node.Protocol.Framing;

/// <summary>
/// Splits a byte stream into ZooKeeper frames, Kestrel style: incomplete input consumes nothing, and a
/// length is checked against the limit as soon as its 4 bytes have arrived, before waiting for the payload.
/// </summary>
/// <remarks>
/// <code>
/// +----------------------+---------------------+
/// | length: int32 BE (N) | payload: N bytes     |   0 &lt;= N &lt;= maxFrameLength
/// +----------------------+---------------------+
/// </code>
/// On a new connection the first four bytes may instead be a four-letter word (<see cref="IsFourLetterWord"/>).
/// </remarks>
public static class FrameDecoder
{
    public const int LengthPrefixSize = 4;

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false and leaves
    /// <paramref name="buffer"/> untouched when the frame is not complete yet.
    /// </summary>
    /// <param name="payload">the frame's payload, a slice of the input (no copy).</param>
    /// <exception cref="FrameTooLargeException">the length is negative or above <paramref name="maxFrameLength"/>.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameLength, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < LengthPrefixSize)
        {
            return false;
        }

        int length = ReadLength(buffer);
        if (length < 0 || length > maxFrameLength)
        {
            throw new FrameTooLargeException(length, maxFrameLength);
        }

        if (buffer.Length - LengthPrefixSize < length)
        {
            return false;
        }

        payload = buffer.Slice(LengthPrefixSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// True when the first four bytes of a new connection spell a four-letter word ZooKeeper knows. Such
    /// connections get a plain-text answer and are closed. Any other four bytes are a frame length.
    /// </summary>
    /// <param name="first4">at least the first four bytes of the connection; fewer returns false.</param>
    /// <param name="word">the command in lower case, or "" when this is not one.</param>
    public static bool IsFourLetterWord(ReadOnlySequence<byte> first4, out string word)
    {
        word = "";
        if (first4.Length < LengthPrefixSize)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[LengthPrefixSize];
        first4.Slice(0, LengthPrefixSize).CopyTo(bytes);
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes);
        foreach (string candidate in FourLetterWords.All)
        {
            if (FourLetterWords.Code(candidate) == value)
            {
                word = candidate;
                return true;
            }
        }

        return false;
    }

    private static int ReadLength(ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= LengthPrefixSize)
        {
            return BinaryPrimitives.ReadInt32BigEndian(first);
        }

        Span<byte> bytes = stackalloc byte[LengthPrefixSize];
        buffer.Slice(0, LengthPrefixSize).CopyTo(bytes);
        return BinaryPrimitives.ReadInt32BigEndian(bytes);
    }
}
