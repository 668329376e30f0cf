using System.Buffers.Binary;
using System.Text;
using Zk.Node.Storage.Snapshots;
using Zk.Node.Storage.Tests.Devices;
using Zk.Node.Storage.Tests.Support;

namespace Zk.Node.Storage.Tests.Snapshots;

public sealed class SnapshotFileFormatTests
{
    private static byte[] ValidFile(long zxid, int length)
    {
        var device = new SimulatedDevice();
        new SnapshotStore(device).Write(zxid, Payloads.For(zxid, length));
        return device.ReadAllBytes(device.List()[0]);
    }

    [Fact]
    public void The_layout_is_magic_version_zxid_length_payload_checksum()
    {
        var file = ValidFile(0x1234, 10);

        Assert.Equal("ZKSN", Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(4)));
        Assert.Equal(0x1234, BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(8)));
        Assert.Equal(10, BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(16)));
        Assert.Equal(Payloads.For(0x1234, 10), file[24..34]);
        Assert.Equal(38, file.Length);
        Assert.Null(SnapshotFileFormat.Validate(file, 0x1234));
    }

    [Fact]
    public void Every_proper_prefix_is_invalid()
    {
        var file = ValidFile(5, 40);
        for (int length = 0; length < file.Length; length++)
        {
            Assert.NotNull(SnapshotFileFormat.Validate(file.AsSpan(0, length), 5));
        }
    }

    [Fact]
    public void Flipping_any_byte_is_detected()
    {
        var file = ValidFile(5, 40);
        for (int at = 0; at < file.Length; at++)
        {
            var damaged = (byte[])file.Clone();
            damaged[at] ^= 0x10;
            Assert.NotNull(SnapshotFileFormat.Validate(damaged, 5));
        }
    }

    [Fact]
    public void Extra_bytes_after_the_checksum_are_invalid()
    {
        var file = ValidFile(5, 40);

        Assert.Contains("payload bytes", SnapshotFileFormat.Validate([.. file, 0], 5), StringComparison.Ordinal);
    }
}
