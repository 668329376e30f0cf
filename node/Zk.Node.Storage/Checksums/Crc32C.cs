using System.Buffers.Binary;
using System.Numerics;

namespace Zk.Node.Storage.Checksums;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 metadata and most modern logs. It catches every
/// burst error up to 32 bits and <see cref="BitOperations.Crc32C(uint, ulong)"/> runs it on the CPU's
/// crc32 instruction where there is one. Streaming use: <c>Finish(Update(Update(Initial, a), b))</c>.
/// </summary>
internal static class Crc32C
{
    public const uint Initial = 0xFFFFFFFFu;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    public static uint Finish(uint state) => ~state;

    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }
}
