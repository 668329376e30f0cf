using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Framing;

/// <summary>
/// Writes length-prefixed frames straight into an output buffer: reserve the 4-byte length, let the records
/// write themselves through <see cref="Writer"/>, then back-fill the length. No intermediate buffer, no copy.
/// One instance per connection (it counts the bytes that pass through it); not thread-safe.
/// </summary>
/// <remarks>
/// <code>
/// Begin:  [ ?? ?? ?? ?? ]                       reserve and advance 4 bytes, remember where they are
/// write:  [ ?? ?? ?? ?? | header | body ... ]   records go through this instance, which counts them
/// End:    [ 00 00 00 2a | header | body ... ]   write the count into the reserved 4 bytes
/// </code>
/// Back-filling requires that the output does not move memory it has already advanced past. That holds
/// for <see cref="System.IO.Pipelines.PipeWriter"/> (segments live until the reader consumes them, which
/// is after the flush). <see cref="ArrayBufferWriter{T}"/> does move its array when it grows, so it is
/// special-cased: the length is written through its <see cref="ArrayBufferWriter{T}.WrittenMemory"/>.
/// </remarks>
public sealed class FrameWriter : IBufferWriter<byte>
{
    private IBufferWriter<byte>? _output;
    private Memory<byte> _lengthSlot;
    private int _startOffset;
    private int _payloadLength;

    [ThreadStatic]
    private static FrameWriter? s_cached;

    /// <summary>Jute writer for the payload of the frame being written.</summary>
    public JuteWriter Writer => new(this);

    /// <summary>True between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public bool InFrame => _output is not null;

    /// <summary>Reserves the length prefix of a new frame in <paramref name="output"/>.</summary>
    public JuteWriter Begin(IBufferWriter<byte> output)
    {
        if (_output is not null)
        {
            throw new InvalidOperationException("a frame is already being written");
        }

        _output = output;
        _payloadLength = 0;
        _startOffset = output is ArrayBufferWriter<byte> array ? array.WrittenCount : 0;
        _lengthSlot = output.GetMemory(FrameDecoder.LengthPrefixSize)[..FrameDecoder.LengthPrefixSize];
        output.Advance(FrameDecoder.LengthPrefixSize);
        return Writer;
    }

    /// <summary>Back-fills the length of the frame begun by <see cref="Begin"/> and returns it (excluding the prefix).</summary>
    public int End()
    {
        var output = _output ?? throw new InvalidOperationException("no frame is being written");
        Span<byte> slot = output is ArrayBufferWriter<byte> array
            ? MemoryMarshal.AsMemory(array.WrittenMemory).Span.Slice(_startOffset, FrameDecoder.LengthPrefixSize)
            : _lengthSlot.Span;
        BinaryPrimitives.WriteInt32BigEndian(slot, _payloadLength);
        Abandon();
        return _payloadLength;
    }

    /// <summary>
    /// Forgets a frame that failed half-way so this instance can be reused. The bytes already written stay in
    /// the output with an unset length, so the output must be discarded too. No effect after <see cref="End"/>.
    /// </summary>
    public void Abandon()
    {
        _output = null;
        _lengthSlot = default;
    }

    /// <summary>Writes one frame holding <paramref name="record"/> (e.g. a ConnectResponse, which has no header).</summary>
    public static int WriteFrame<T>(IBufferWriter<byte> output, in T record) where T : IJuteRecord<T>
    {
        var frame = Rent();
        try
        {
            record.Write(frame.Begin(output));
            return frame.End();
        }
        finally
        {
            frame.Abandon();
        }
    }

    /// <summary>Writes one frame holding a header and a body (RequestHeader + request, ReplyHeader + response).</summary>
    public static int WriteFrame<THeader, TBody>(IBufferWriter<byte> output, in THeader header, in TBody body)
        where THeader : IJuteRecord<THeader>
        where TBody : IJuteRecord<TBody>
    {
        var frame = Rent();
        try
        {
            var writer = frame.Begin(output);
            header.Write(writer);
            body.Write(writer);
            return frame.End();
        }
        finally
        {
            frame.Abandon();
        }
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        Active.Advance(count);
        _payloadLength = checked(_payloadLength + count);
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint) => Active.GetMemory(sizeHint);

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => Active.GetSpan(sizeHint);

    private IBufferWriter<byte> Active => _output ?? throw new InvalidOperationException("call Begin before writing a frame");

    // A thread's cached instance is idle whenever WriteFrame is entered: records never write frames themselves.
    private static FrameWriter Rent()
    {
        var frame = s_cached ??= new FrameWriter();
        return frame.InFrame ? new FrameWriter() : frame;
    }
}
