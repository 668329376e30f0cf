using System.Buffers.Binary;
using Zk.Node.Storage.Checksums;

namespace Zk.Node.Storage.Snapshots;

/// <summary>
/// A snapshot file, big-endian:
/// <code>
///  0        4          8                    16                   24                  24+length
///  +--------+----------+--------------------+--------------------+-------------------+----------+
///  | "ZKSN" | version  |        zxid        |   payload length   |  payload (opaque) |  crc32c  |
///  +--------+----------+--------------------+--------------------+-------------------+----------+
///  crc32c = CRC-32C of the payload followed by the 24 header bytes: payload first, so a streaming writer
///           checksums as it goes and fills in the header (whose length it only knows at the end) last.
/// </code>
/// A file is valid only if it is exactly 28 + length bytes, its zxid matches its name, and the checksum matches.
/// </summary>
internal static class SnapshotFileFormat
{
    public const int HeaderSize = 24;

    public const int TrailerSize = 4;

    public const int Version = 1;

    /// <summary>"ZKSN" read as a big-endian int.</summary>
    public const int Magic = 0x5A4B534E;

    public const string Prefix = "snapshot.";

    public const string TempSuffix = ".tmp";

    public static void WriteHeader(Span<byte> destination, long zxid, long payloadLength)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, Magic);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], Version);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], zxid);
        BinaryPrimitives.WriteInt64BigEndian(destination[16..], payloadLength);
    }

    /// <summary>The final checksum given the running CRC-32C state of the payload and the finished header.</summary>
    public static uint Checksum(uint payloadState, ReadOnlySpan<byte> header) => Crc32C.Finish(Crc32C.Update(payloadState, header));

    /// <summary>Null when <paramref name="file"/> is a valid snapshot for <paramref name="expectedZxid"/>, otherwise why not.</summary>
    public static string? Validate(ReadOnlySpan<byte> file, long expectedZxid)
    {
        if (file.Length < HeaderSize + TrailerSize)
        {
            return $"only {file.Length} bytes";
        }

        return ValidateHeader(file[..HeaderSize], expectedZxid, file.Length, out long length)
            ?? ValidateChecksum(file[..HeaderSize], file.Slice(HeaderSize, (int)length), file[(HeaderSize + (int)length)..]);
    }

    /// <summary>Checks the header against the file's name and size; on success <paramref name="payloadLength"/> is the payload size.</summary>
    public static string? ValidateHeader(ReadOnlySpan<byte> header, long expectedZxid, long fileLength, out long payloadLength)
    {
        payloadLength = 0;
        if (header.Length < HeaderSize || fileLength < HeaderSize + TrailerSize)
        {
            return $"only {fileLength} bytes";
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != Magic)
        {
            return $"bad magic 0x{magic:x8}";
        }

        int version = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (version != Version)
        {
            return $"unsupported version {version}";
        }

        long zxid = BinaryPrimitives.ReadInt64BigEndian(header[8..]);
        if (zxid != expectedZxid)
        {
            return $"header zxid 0x{zxid:x} does not match the name";
        }

        long length = BinaryPrimitives.ReadInt64BigEndian(header[16..]);
        if (length != fileLength - HeaderSize - TrailerSize)
        {
            return $"header says {length} payload bytes but the file has room for {fileLength - HeaderSize - TrailerSize}";
        }

        payloadLength = length;
        return null;
    }

    public static string? ValidateChecksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> trailer)
    {
        uint expected = Checksum(Crc32C.Update(Crc32C.Initial, payload), header[..HeaderSize]);
        return BinaryPrimitives.ReadUInt32BigEndian(trailer) == expected ? null : "checksum mismatch";
    }
}
