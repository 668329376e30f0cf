using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Tests.Support;

/// <summary>One row of a record table: a valid encoding and a way to decode and re-encode it.</summary>
public sealed class CodecCase
{
    private CodecCase(string name, byte[] encoded, Func<byte[], int, byte[]> decodeAndReencode, IReadOnlySet<int> validPrefixLengths)
    {
        Name = name;
        Encoded = encoded;
        DecodeAndReencode = decodeAndReencode;
        ValidPrefixLengths = validPrefixLengths;
    }

    public string Name { get; }

    public byte[] Encoded { get; }

    /// <summary>Decodes the input (all of it, else throws) with the given jute.maxbuffer, then encodes the result again.</summary>
    public Func<byte[], int, byte[]> DecodeAndReencode { get; }

    /// <summary>Strict prefixes that are themselves a valid (older) form of the record, e.g. a 44-byte ConnectRequest.</summary>
    public IReadOnlySet<int> ValidPrefixLengths { get; }

    public static CodecCase Of<T>(T record, string? label = null, params int[] validPrefixLengths) where T : IJuteRecord<T> => new(
        label is null ? typeof(T).Name : $"{typeof(T).Name} ({label})",
        Codec.Encode(record),
        (bytes, max) => Codec.Encode(Codec.Decode<T>(bytes, max)),
        validPrefixLengths.ToHashSet());

    public override string ToString() => Name;
}
