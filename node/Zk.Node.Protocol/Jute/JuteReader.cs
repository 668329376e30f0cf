using System.Buffers.Binary;
using System.Text;

namespace Zk.Node.Protocol.Jute;

/// <summary>
/// Reads jute's big-endian binary encoding from one complete frame. Every length is checked against
/// the remaining input and <see cref="MaxBufferLength"/> before anything is allocated; truncated or
/// malformed input throws <see cref="JuteException"/>.
/// </summary>
public ref struct JuteReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public JuteReader(ReadOnlySpan<byte> buffer, int maxBufferLength = DefaultMaxBufferLength)
    {
        _buffer = buffer;
        _position = 0;
        MaxBufferLength = maxBufferLength;
    }

    /// <summary>ZooKeeper's default jute.maxbuffer (0xfffff).</summary>
    public const int DefaultMaxBufferLength = 0xfffff;

    public int MaxBufferLength { get; }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position == _buffer.Length;

    public bool ReadBool() => Take(1)[0] != 0;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>A jute buffer: -1 is null, otherwise that many bytes.</summary>
    public byte[]? ReadBuffer()
    {
        int length = ReadLength("buffer");
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>A jute buffer without copying; null buffers read as empty with <paramref name="isNull"/> set.</summary>
    public ReadOnlySpan<byte> ReadBufferSpan(out bool isNull)
    {
        int length = ReadLength("buffer");
        isNull = length < 0;
        return isNull ? [] : Take(length);
    }

    /// <summary>A jute ustring: -1 is null, otherwise UTF-8 bytes.</summary>
    public string? ReadString()
    {
        int length = ReadLength("string");
        if (length < 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException)
        {
            throw new JuteException($"string at offset {_position - length} is not valid UTF-8");
        }
    }

    /// <summary>The element count of a jute vector: -1 (null) reads as 0.</summary>
    public int ReadVectorCount(int minElementBytes = 1)
    {
        int count = ReadInt();
        if (count < -1)
        {
            throw new JuteException($"negative vector length {count}");
        }

        if (count == -1)
        {
            return 0;
        }

        if ((long)count * Math.Max(minElementBytes, 1) > Remaining)
        {
            throw new JuteException($"vector of {count} elements exceeds the {Remaining} bytes left");
        }

        return count;
    }

    /// <summary>A jute vector of records; a null vector reads as empty.</summary>
    /// <param name="minElementBytes">the smallest encoding of one element, so a forged count cannot make us allocate more than the input could hold.</param>
    public List<T> ReadVector<T>(int minElementBytes) where T : IJuteRecord<T>
    {
        int count = ReadVectorCount(minElementBytes);
        var list = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(T.Read(ref this));
        }

        return list;
    }

    /// <summary>A jute <c>vector&lt;ustring&gt;</c>; a null vector reads as empty and null elements as "".</summary>
    public List<string> ReadStringVector()
    {
        int count = ReadVectorCount(minElementBytes: 4);
        var list = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(ReadString() ?? "");
        }

        return list;
    }

    public void ExpectEnd()
    {
        if (!IsAtEnd)
        {
            throw new JuteException($"{Remaining} unexpected trailing bytes");
        }
    }

    private int ReadLength(string what)
    {
        int length = ReadInt();
        if (length < -1)
        {
            throw new JuteException($"negative {what} length {length}");
        }

        if (length > MaxBufferLength)
        {
            throw new JuteException($"{what} length {length} exceeds jute.maxbuffer {MaxBufferLength}");
        }

        return length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new JuteException($"record truncated: needed {count} bytes at offset {_position}, {Remaining} left");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
