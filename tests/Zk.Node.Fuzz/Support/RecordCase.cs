using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Fuzz.Support;

/// <summary>
/// One decoder under fuzz: generated valid encodings and a decode that re-encodes what it read, so the round
/// trip decode(encode(x)) == x is checked as encode(decode(bytes)) == bytes (arrays and lists have no value equality).
/// </summary>
internal sealed record RecordCase(string Name, Gen<byte[]> Valid, Func<byte[], byte[]> DecodeAndReencode)
{
    public override string ToString() => Name;

    /// <summary>A case for a record type whose whole input is one <typeparamref name="T"/>, read as the server reads it.</summary>
    public static RecordCase Of<T>(string name, Gen<T> gen, int maxBufferLength = JuteReader.DefaultMaxBufferLength) where T : IJuteRecord<T> =>
        new(name, gen.Select(Encode), bytes =>
        {
            var reader = new JuteReader(bytes, maxBufferLength);
            var record = T.Read(ref reader);
            reader.ExpectEnd();
            return Encode(record);
        });

    public static byte[] Encode<T>(T record) where T : IJuteRecord<T> => Write(record.Write);

    public static byte[] Write(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
