using System.Buffers.Binary;
using Zk.Node.Storage.Checksums;
using Zk.Node.Storage.Tests.Support;
using Zk.Node.Storage.TxnLog;

namespace Zk.Node.Storage.Tests.TxnLog;

public sealed class TxnLogRecordCodecTests
{
    private const int Max = 4096;

    public static TheoryData<int, long, long, bool> ValidRecords => new()
    {
        { 1, 1, 1, true },
        { 7, 0x100000001, 2, false },
        { 8, 0x7fffffff_ffffffff, 0x7fffffff_ffffffff, true },
        { 9, 42, 3, false },
        { Max, 0x500000000, 1, true },
    };

    [Theory]
    [MemberData(nameof(ValidRecords))]
    public void Valid_records_decode_to_what_was_encoded(int length, long zxid, long commit, bool last)
    {
        var payload = Payloads.For(zxid, length);
        var buffer = new byte[TxnLogRecordCodec.HeaderSize + length + 5];
        int size = TxnLogRecordCodec.Encode(buffer, zxid, commit, last, payload);

        var status = TxnLogRecordCodec.TryDecode(buffer, Max, zxid - 1, out var header);

        Assert.Equal(RecordStatus.Valid, status);
        Assert.Equal(new TxnLogRecordHeader(length, zxid, commit, last), header);
        Assert.Equal(TxnLogRecordCodec.HeaderSize + length, size);
        Assert.Equal(payload, buffer.AsSpan(TxnLogRecordCodec.HeaderSize, length).ToArray());
    }

    [Fact]
    public void The_layout_is_checksum_length_zxid_commit_word_payload_big_endian()
    {
        var payload = new byte[] { 0xAA, 0xBB, 0xCC };
        var buffer = new byte[TxnLogRecordCodec.HeaderSize + payload.Length];
        TxnLogRecordCodec.Encode(buffer, zxid: 0x0102030405060708, commitSequence: 9, lastInCommit: true, payload);

        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4)));
        Assert.Equal(0x0102030405060708, BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(8)));
        Assert.Equal(unchecked((long)0x8000000000000009UL), BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(16)));
        Assert.Equal(payload, buffer[24..]);
        Assert.Equal(Crc32C.Compute(buffer.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(buffer));
    }

    [Fact]
    public void Every_proper_prefix_is_incomplete()
    {
        var buffer = new byte[TxnLogRecordCodec.HeaderSize + 100];
        TxnLogRecordCodec.Encode(buffer, 5, 1, true, Payloads.For(5, 100));

        for (int length = 0; length < buffer.Length; length++)
        {
            Assert.Equal(RecordStatus.Incomplete, TxnLogRecordCodec.TryDecode(buffer.AsSpan(0, length), Max, 0, out _));
        }
    }

    [Fact]
    public void An_all_zero_header_is_the_end_of_the_log()
    {
        Assert.Equal(RecordStatus.End, TxnLogRecordCodec.TryDecode(new byte[TxnLogRecordCodec.HeaderSize + 10], Max, 0, out _));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "zero length", nameof(RecordStatus.BadLength) },
        { "negative length", nameof(RecordStatus.BadLength) },
        { "length above the limit", nameof(RecordStatus.BadLength) },
        { "bad checksum", nameof(RecordStatus.BadChecksum) },
        { "commit sequence zero", nameof(RecordStatus.BadCommitWord) },
        { "zxid equal to the previous", nameof(RecordStatus.ZxidRegression) },
        { "zxid below the previous", nameof(RecordStatus.ZxidRegression) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_records_are_rejected(string defect, string expected)
    {
        const long zxid = 100;
        var buffer = new byte[TxnLogRecordCodec.HeaderSize + 16];
        TxnLogRecordCodec.Encode(buffer, zxid, defect == "commit sequence zero" ? 0 : 1, true, Payloads.For(zxid, 16));
        long previous = zxid - 1;
        switch (defect)
        {
            case "zero length":
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(4), 0);
                break;
            case "negative length":
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(4), -16);
                break;
            case "length above the limit":
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(4), Max + 1);
                break;
            case "bad checksum":
                buffer[^1] ^= 0x01;
                break;
            case "zxid equal to the previous":
                previous = zxid;
                break;
            case "zxid below the previous":
                previous = zxid + 1;
                break;
        }

        Assert.Equal(expected, TxnLogRecordCodec.TryDecode(buffer, Max, previous, out _).ToString());
    }

    [Fact]
    public void Flipping_any_single_bit_is_detected()
    {
        var buffer = new byte[TxnLogRecordCodec.HeaderSize + 40];
        TxnLogRecordCodec.Encode(buffer, 77, 3, false, Payloads.For(77, 40));

        for (int bit = 0; bit < buffer.Length * 8; bit++)
        {
            var damaged = (byte[])buffer.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(RecordStatus.Valid, TxnLogRecordCodec.TryDecode(damaged, Max, 0, out _));
        }
    }
}
