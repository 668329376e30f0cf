using System.Buffers.Binary;

namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// The first bytes of every log file, big-endian, as ZooKeeper's FileHeader:
/// <code>
///  0        4          8                    16
///  +--------+----------+--------------------+
///  | "ZKLG" | version  |        dbid        |  records follow at offset 16
///  +--------+----------+--------------------+
/// </code>
/// Version 1 is this project's record layout (<see cref="TxnLogRecordCodec"/>), not ZooKeeper's version 2.
/// </summary>
internal static class TxnLogFileHeader
{
    public const int Size = 16;

    public const int Version = 1;

    /// <summary>"ZKLG" read as a big-endian int.</summary>
    public const int Magic = 0x5A4B4C47;

    public static void Write(Span<byte> destination, long dbid)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, Magic);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], Version);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], dbid);
    }

    /// <summary>Null when valid, otherwise why not.</summary>
    public static string? Validate(ReadOnlySpan<byte> input)
    {
        if (input.Length < Size)
        {
            return $"file header cut short ({input.Length} of {Size} bytes)";
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(input);
        if (magic != Magic)
        {
            return $"bad file header magic 0x{magic:x8}";
        }

        int version = BinaryPrimitives.ReadInt32BigEndian(input[4..]);
        return version == Version ? null : $"unsupported log file version {version}";
    }
}
