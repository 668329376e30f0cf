using System.Buffers;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Peer;

/// <summary>
/// Reads <see cref="QuorumPacket"/>s from the leader-learner stream, where ZooKeeper writes them back to back
/// without a length prefix. The packet's extent is found by walking its length fields first, so incomplete
/// input consumes nothing and every length is checked before anything is allocated.
/// </summary>
public static class QuorumPacketStream
{
    private const int FixedPrefixSize = 4 + 8;

    /// <summary>Takes one complete packet off the front of <paramref name="buffer"/>; false (nothing consumed) when it is not all there yet.</summary>
    /// <param name="maxPacketLength">limit on the whole encoded packet and hence on each of its buffers and strings.</param>
    /// <exception cref="JuteException">a negative length, or a packet longer than <paramref name="maxPacketLength"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPacketLength, out QuorumPacket packet)
    {
        packet = default;
        if (!TryMeasure(buffer, maxPacketLength, out int length))
        {
            return false;
        }

        var encoded = buffer.Slice(0, length);
        packet = encoded.IsSingleSegment ? Parse(encoded.FirstSpan, maxPacketLength) : Parse(encoded.ToArray(), maxPacketLength);
        buffer = buffer.Slice(encoded.End);
        return true;
    }

    /// <summary>The encoded length of the packet at the front of <paramref name="buffer"/>, once all of it has arrived.</summary>
    public static bool TryMeasure(ReadOnlySequence<byte> buffer, int maxPacketLength, out int length)
    {
        length = 0;
        var reader = new SequenceReader<byte>(buffer);
        if (!TryAdvance(ref reader, FixedPrefixSize) || !TrySkipLengthPrefixed(ref reader, maxPacketLength, "data") ||
            !reader.TryReadBigEndian(out int count))
        {
            return false;
        }

        if (count < -1)
        {
            throw new JuteException($"negative authinfo vector length {count}");
        }

        for (int i = 0; i < count; i++)
        {
            if (!TrySkipLengthPrefixed(ref reader, maxPacketLength, "scheme") || !TrySkipLengthPrefixed(ref reader, maxPacketLength, "id"))
            {
                return false;
            }

            CheckTotal(reader.Consumed, maxPacketLength);
        }

        CheckTotal(reader.Consumed, maxPacketLength);
        length = (int)reader.Consumed;
        return true;
    }

    private static QuorumPacket Parse(ReadOnlySpan<byte> encoded, int maxPacketLength)
    {
        var reader = new JuteReader(encoded, maxPacketLength);
        var packet = QuorumPacket.Read(ref reader);
        reader.ExpectEnd();
        return packet;
    }

    private static bool TrySkipLengthPrefixed(ref SequenceReader<byte> reader, int maxPacketLength, string what)
    {
        if (!reader.TryReadBigEndian(out int length))
        {
            return false;
        }

        if (length < -1)
        {
            throw new JuteException($"negative {what} length {length}");
        }

        CheckTotal(reader.Consumed + Math.Max(length, 0), maxPacketLength);
        return length <= 0 || TryAdvance(ref reader, length);
    }

    private static bool TryAdvance(ref SequenceReader<byte> reader, int count)
    {
        if (reader.Remaining < count)
        {
            return false;
        }

        reader.Advance(count);
        return true;
    }

    private static void CheckTotal(long consumed, int maxPacketLength)
    {
        if (consumed > maxPacketLength)
        {
            throw new JuteException($"quorum packet exceeds {maxPacketLength} bytes");
        }
    }
}
