using System.Buffers.Binary;
using System.Text;
using Zk.Node.Storage.TxnLog;

namespace Zk.Node.Storage.Tests.TxnLog;

public sealed class TxnLogFileHeaderTests
{
    [Fact]
    public void A_written_header_starts_with_ZKLG_and_carries_version_and_dbid()
    {
        var header = new byte[TxnLogFileHeader.Size];
        TxnLogFileHeader.Write(header, dbid: 0x1234);

        Assert.Equal("ZKLG", Encoding.ASCII.GetString(header, 0, 4));
        Assert.Equal(TxnLogFileHeader.Version, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(0x1234, BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(8)));
        Assert.Null(TxnLogFileHeader.Validate(header));
    }

    [Fact]
    public void Every_prefix_of_a_header_is_rejected_as_cut_short()
    {
        var header = new byte[TxnLogFileHeader.Size];
        TxnLogFileHeader.Write(header, 0);
        for (int length = 0; length < header.Length; length++)
        {
            Assert.Contains("cut short", TxnLogFileHeader.Validate(header.AsSpan(0, length)), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(3, "magic")]
    [InlineData(7, "version")]
    public void A_damaged_magic_or_version_is_rejected(int offset, string mentioned)
    {
        var header = new byte[TxnLogFileHeader.Size];
        TxnLogFileHeader.Write(header, 0);
        header[offset] ^= 0x40;

        Assert.Contains(mentioned, TxnLogFileHeader.Validate(header), StringComparison.Ordinal);
    }
}
