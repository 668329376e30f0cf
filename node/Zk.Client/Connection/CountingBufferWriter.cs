using System.Buffers;

namespace Zk.Client.Connection;

/// <summary>Forwards to the output pipe and counts the bytes written, so a frame's length prefix can be filled in afterwards.</summary>
internal sealed class CountingBufferWriter(IBufferWriter<byte> inner) : IBufferWriter<byte>
{
    public int Count { get; private set; }

    public void Reset() => Count = 0;

    public void Advance(int count)
    {
        inner.Advance(count);
        Count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
}
