using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Jute;

public sealed class JuteReaderTests
{
    [Fact]
    public void Null_and_empty_buffers_stay_distinct()
    {
        var reader = new JuteReader(Codec.Hex("ffffffff 00000000"));

        Assert.Null(reader.ReadBuffer());
        byte[]? empty = reader.ReadBuffer();
        Assert.NotNull(empty);
        Assert.Empty(empty);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void A_null_string_vector_reads_as_empty_and_null_elements_as_empty_strings()
    {
        var reader = new JuteReader(Codec.Hex("ffffffff 00000002 ffffffff 00000001 61"));

        Assert.Empty(reader.ReadStringVector());
        Assert.Equal(["", "a"], reader.ReadStringVector());
    }

    [Fact]
    public void A_null_vector_writes_as_minus_one()
    {
        byte[] wire = Codec.Encode(w => w.WriteStringVector(null));

        Assert.Equal(Codec.Hex("ffffffff"), wire);
    }

    [Fact]
    public void Strings_are_utf8_with_a_byte_length()
    {
        byte[] wire = Codec.Encode(w => w.WriteString("/\u00e9"));

        Assert.Equal(Codec.Hex("00000003 2f c3a9"), wire);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "buffer length -2", "fffffffe" },
        { "buffer length int.MinValue", "80000000" },
        { "buffer longer than the input", "00000005 0102" },
        { "string length -2", "fffffffe" },
        { "vector length -2", "fffffffe" },
        { "vector count above the input", "00000003 00000001 61" },
        { "truncated vector element", "00000002 00000001 61 00000005 6263" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_lengths_are_rejected(string what, string hex)
    {
        byte[] wire = Codec.Hex(hex);

        var error = Record.Exception(() =>
        {
            var reader = new JuteReader(wire);
            if (what.StartsWith("buffer", StringComparison.Ordinal))
            {
                reader.ReadBuffer();
            }
            else if (what.StartsWith("string", StringComparison.Ordinal))
            {
                reader.ReadString();
            }
            else
            {
                reader.ReadStringVector();
            }
        });

        Assert.IsType<JuteException>(error);
    }

    [Fact]
    public void Lengths_above_jute_maxbuffer_are_rejected_before_the_bytes_arrive()
    {
        // Announce 2 MiB with only 4 bytes present: the limit, not the truncation, must be reported.
        byte[] wire = Codec.Hex("00200000 01020304");

        var error = Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(wire);
            reader.ReadBuffer();
        });
        Assert.Contains("jute.maxbuffer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_maxbuffer_limits_a_record_field()
    {
        byte[] wire = Codec.Encode(new SetDataRequest("/a", new byte[100], -1));

        Assert.Throws<JuteException>(() => Codec.Decode<SetDataRequest>(wire, maxBufferLength: 99));
        Assert.Equal(100, Codec.Decode<SetDataRequest>(wire, maxBufferLength: 100).Data!.Length);
    }

    [Theory]
    [InlineData("ff")]           // never valid in UTF-8
    [InlineData("c3")]           // truncated two-byte sequence
    [InlineData("c0af")]         // overlong encoding of '/'
    [InlineData("eda080")]       // UTF-16 surrogate encoded in UTF-8
    public void Invalid_utf8_in_a_path_is_rejected(string badBytes)
    {
        byte[] bytes = Codec.Hex(badBytes);
        byte[] wire = [.. Codec.Hex($"{bytes.Length + 1:x8}"), (byte)'/', .. bytes, 0x01];

        var error = Assert.Throws<JuteException>(() => Codec.Decode<ExistsRequest>(wire));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_past_the_end_reports_truncation()
    {
        var error = Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(Codec.Hex("000000"));
            reader.ReadInt();
        });
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
