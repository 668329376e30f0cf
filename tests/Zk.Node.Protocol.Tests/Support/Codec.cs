using System.Buffers;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Tests.Support;

/// <summary>Encode/decode helpers shared by the record tables.</summary>
internal static class Codec
{
    public static byte[] Encode<T>(T record) where T : IJuteRecord<T> => Encode(w => record.Write(w));

    public static byte[] Encode(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes exactly one record from all of <paramref name="bytes"/>.</summary>
    public static T Decode<T>(byte[] bytes, int maxBufferLength = JuteReader.DefaultMaxBufferLength) where T : IJuteRecord<T>
    {
        var reader = new JuteReader(bytes, maxBufferLength);
        var record = T.Read(ref reader);
        reader.ExpectEnd();
        return record;
    }

    /// <summary>Bytes from hex with optional spaces, so expected layouts can be written field by field.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public delegate void WriteAction(JuteWriter writer);
}
