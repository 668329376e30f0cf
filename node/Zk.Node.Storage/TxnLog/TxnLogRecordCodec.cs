using System.Buffers.Binary;
using Zk.Node.Storage.Checksums;

namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// One transaction log record, big-endian:
/// <code>
///  0          4          8                     16                    24
///  +----------+----------+---------------------+---------------------+------------------+
///  |  crc32c  |  length  |        zxid         |     commit word     | payload (length) |
///  +----------+----------+---------------------+---------------------+------------------+
///  crc32c      CRC-32C of bytes 4 .. 24+length (everything after itself)
///  length      payload bytes, 1 .. MaxRecordBytes (0 never occurs: an all-zero header marks the end)
///  zxid        strictly increasing through the whole log
///  commit word bit 63: last record of its Commit(); bits 0..62: the commit's sequence number (>= 1),
///              increasing by one per Commit() over the life of the log
/// </code>
/// The commit word is what lets recovery tell a torn write from corruption: only the newest commit can be
/// torn (every older one was fsynced before it was written), so bad bytes followed by a valid record of a
/// <em>later</em> commit prove that synced data went bad.
/// </summary>
internal static class TxnLogRecordCodec
{
    public const int HeaderSize = 24;

    private const long LastInCommitBit = long.MinValue;

    /// <summary>Lays down length, zxid and payload; <see cref="Seal"/> fills in checksum and commit word at commit time.</summary>
    public static void WriteUnsealed(Span<byte> destination, long zxid, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], payload.Length);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], zxid);
        payload.CopyTo(destination[HeaderSize..]);
    }

    /// <summary>Sets the commit word of the whole record <paramref name="record"/> and checksums it.</summary>
    public static void Seal(Span<byte> record, long commitSequence, bool lastInCommit)
    {
        long word = commitSequence | (lastInCommit ? LastInCommitBit : 0);
        BinaryPrimitives.WriteInt64BigEndian(record[16..], word);
        BinaryPrimitives.WriteUInt32BigEndian(record, Crc32C.Compute(record[4..]));
    }

    /// <summary>Encodes a complete record; returns its size.</summary>
    public static int Encode(Span<byte> destination, long zxid, long commitSequence, bool lastInCommit, ReadOnlySpan<byte> payload)
    {
        int size = HeaderSize + payload.Length;
        WriteUnsealed(destination, zxid, payload);
        Seal(destination[..size], commitSequence, lastInCommit);
        return size;
    }

    /// <summary>
    /// Decodes the record at the start of <paramref name="input"/>. Consumes nothing: the caller advances by
    /// <see cref="TxnLogRecordHeader.RecordSize"/> on <see cref="RecordStatus.Valid"/>. The length is checked
    /// against <paramref name="maxRecordBytes"/> before anything else looks at the payload.
    /// </summary>
    public static RecordStatus TryDecode(ReadOnlySpan<byte> input, int maxRecordBytes, long previousZxid, out TxnLogRecordHeader header)
    {
        header = default;
        if (input.Length < HeaderSize)
        {
            return RecordStatus.Incomplete;
        }

        if (!input[..HeaderSize].ContainsAnyExcept((byte)0))
        {
            return RecordStatus.End;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(input[4..]);
        if (length <= 0 || length > maxRecordBytes)
        {
            return RecordStatus.BadLength;
        }

        int size = HeaderSize + length;
        if (input.Length < size)
        {
            return RecordStatus.Incomplete;
        }

        uint stored = BinaryPrimitives.ReadUInt32BigEndian(input);
        if (stored != Crc32C.Compute(input[4..size]))
        {
            return RecordStatus.BadChecksum;
        }

        long zxid = BinaryPrimitives.ReadInt64BigEndian(input[8..]);
        long word = BinaryPrimitives.ReadInt64BigEndian(input[16..]);
        long sequence = word & ~LastInCommitBit;
        header = new TxnLogRecordHeader(length, zxid, sequence, (word & LastInCommitBit) != 0);
        if (sequence == 0)
        {
            return RecordStatus.BadCommitWord;
        }

        return zxid <= previousZxid ? RecordStatus.ZxidRegression : RecordStatus.Valid;
    }
}
