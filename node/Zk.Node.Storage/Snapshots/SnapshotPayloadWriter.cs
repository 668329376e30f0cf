using System.Buffers;
using Zk.Node.Storage.Checksums;
using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.Snapshots;

/// <summary>
/// Streams a snapshot payload into its file through a fixed window, checksumming as it goes, so a data tree of
/// any size is written without being materialized in memory.
/// </summary>
internal sealed class SnapshotPayloadWriter(IDurableFile file, long startOffset) : IBufferWriter<byte>
{
    private const int WindowBytes = 256 * 1024;

    private byte[] _window = new byte[WindowBytes];
    private int _used;
    private long _flushedOffset = startOffset;

    public uint ChecksumState { get; private set; } = Crc32C.Initial;

    public long Written { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _window.Length - _used);
        _used += count;
        Written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _window.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _window.AsSpan(_used);
    }

    public void Flush()
    {
        if (_used == 0)
        {
            return;
        }

        var chunk = _window.AsSpan(0, _used);
        ChecksumState = Crc32C.Update(ChecksumState, chunk);
        file.Write(_flushedOffset, chunk);
        _flushedOffset += _used;
        _used = 0;
    }

    private void Ensure(int sizeHint)
    {
        int wanted = Math.Max(sizeHint, 1);
        if (_window.Length - _used >= wanted)
        {
            return;
        }

        Flush();
        if (_window.Length < wanted)
        {
            _window = new byte[wanted];
        }
    }
}
