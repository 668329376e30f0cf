using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Zk.Node.Protocol.Jute;

/// <summary>Writes jute's big-endian binary encoding into an <see cref="IBufferWriter{T}"/> without intermediate copies.</summary>
public readonly ref struct JuteWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>A jute buffer; null writes length -1.</summary>
    public void WriteBuffer(byte[]? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        WriteBuffer(value.AsSpan());
    }

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        _output.Write(value);
    }

    /// <summary>A jute ustring; null writes length -1.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = _output.GetSpan(4 + max);
        int written = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written);
        _output.Advance(4 + written);
    }

    public void WriteVectorCount(int count) => WriteInt(count);

    /// <summary>A jute vector of records; null writes count -1.</summary>
    public void WriteVector<T>(IReadOnlyList<T>? values) where T : IJuteRecord<T>
    {
        if (values is null)
        {
            WriteVectorCount(-1);
            return;
        }

        WriteVectorCount(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            values[i].Write(this);
        }
    }

    /// <summary>A jute <c>vector&lt;ustring&gt;</c>; null writes count -1.</summary>
    public void WriteStringVector(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            WriteVectorCount(-1);
            return;
        }

        WriteVectorCount(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            WriteString(values[i]);
        }
    }
}
