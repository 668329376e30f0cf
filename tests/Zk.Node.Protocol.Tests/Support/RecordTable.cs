using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Tests.Support;

/// <summary>The two checks every decoder's table runs: valid encodings round-trip, strict prefixes are rejected.</summary>
internal static class RecordTable
{
    public static void AssertRoundTrips(CodecCase row)
    {
        Assert.NotEmpty(row.Encoded);
        Assert.Equal(row.Encoded, row.DecodeAndReencode(row.Encoded, JuteReader.DefaultMaxBufferLength));
    }

    public static void AssertEveryStrictPrefixThrows(CodecCase row)
    {
        for (int length = 0; length < row.Encoded.Length; length++)
        {
            if (row.ValidPrefixLengths.Contains(length))
            {
                continue;
            }

            byte[] prefix = row.Encoded[..length];
            var error = Record.Exception(() => row.DecodeAndReencode(prefix, JuteReader.DefaultMaxBufferLength));
            Assert.True(error is JuteException, $"{row.Name}: prefix of {length}/{row.Encoded.Length} bytes gave {error?.GetType().Name ?? "no exception"}");
        }
    }

    /// <summary>Appending a byte must be reported, not silently ignored (Decode calls ExpectEnd).</summary>
    public static void AssertTrailingByteThrows(CodecCase row)
    {
        byte[] longer = [.. row.Encoded, 0x00];
        Assert.Throws<JuteException>(() => row.DecodeAndReencode(longer, JuteReader.DefaultMaxBufferLength));
    }
}
