using System.Buffers.Binary;
using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// Reads records one after another through a window buffer, so a scan costs one read call per window rather
/// than per record and a record is never copied before the caller decides to keep it.
/// </summary>
internal sealed class LogRecordReader
{
    private const int WindowBytes = 64 * 1024;

    private readonly IDurableFile _file;
    private readonly long _limit;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _bufferLength;
    private int _payloadIndex;

    /// <param name="start">File offset of the first record.</param>
    /// <param name="limit">Read nothing at or beyond this offset (the file length, or a segment's known end).</param>
    public LogRecordReader(IDurableFile file, long start, long limit, int maxRecordBytes)
    {
        _file = file;
        _limit = limit;
        _maxRecordBytes = maxRecordBytes;
        _buffer = new byte[WindowBytes];
        _bufferOffset = start;
        Position = start;
    }

    /// <summary>File offset of the next record (after a non-valid status: of the bad bytes).</summary>
    public long Position { get; private set; }

    public TxnLogRecordHeader Current { get; private set; }

    /// <summary>The payload of <see cref="Current"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> CurrentPayload => _buffer.AsSpan(_payloadIndex, Current.Length);

    /// <summary>Decodes the record at <see cref="Position"/> and on success moves past it.</summary>
    public RecordStatus Next(long previousZxid)
    {
        while (true)
        {
            var available = Available();
            var status = TxnLogRecordCodec.TryDecode(available, _maxRecordBytes, previousZxid, out var header);
            if (status == RecordStatus.Incomplete)
            {
                int needed = available.Length < TxnLogRecordCodec.HeaderSize
                    ? TxnLogRecordCodec.HeaderSize
                    : TxnLogRecordCodec.HeaderSize + BinaryPrimitives.ReadInt32BigEndian(available[4..]);
                if (Fill(needed))
                {
                    continue;
                }
            }

            if (status == RecordStatus.Valid)
            {
                Current = header;
                _payloadIndex = (int)(Position - _bufferOffset) + TxnLogRecordCodec.HeaderSize;
                Position += header.RecordSize;
            }

            return status;
        }
    }

    /// <summary>True when every byte from <see cref="Position"/> to the limit is zero (unused preallocated space).</summary>
    public bool RestIsZero()
    {
        long at = Position;
        while (at < _limit)
        {
            int n = _file.Read(at, _buffer.AsSpan(0, (int)Math.Min(_buffer.Length, _limit - at)));
            if (n == 0)
            {
                break;
            }

            if (_buffer.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                return false;
            }

            at += n;
        }

        _bufferLength = 0;
        _bufferOffset = Position;
        return true;
    }

    private ReadOnlySpan<byte> Available()
    {
        int start = (int)(Position - _bufferOffset);
        return _buffer.AsSpan(start, _bufferLength - start);
    }

    /// <summary>Slides the window to <see cref="Position"/> and reads until it holds <paramref name="needed"/> bytes or the limit.</summary>
    private bool Fill(int needed)
    {
        int start = (int)(Position - _bufferOffset);
        int kept = _bufferLength - start;
        if (needed > _buffer.Length)
        {
            var bigger = new byte[Math.Max(needed, _buffer.Length * 2)];
            _buffer.AsSpan(start, kept).CopyTo(bigger);
            _buffer = bigger;
        }
        else if (start > 0)
        {
            _buffer.AsSpan(start, kept).CopyTo(_buffer);
        }

        _bufferOffset = Position;
        _bufferLength = kept;
        long readAt = _bufferOffset + _bufferLength;
        int room = (int)Math.Min(_buffer.Length - _bufferLength, _limit - readAt);
        if (room <= 0)
        {
            return false;
        }

        int n = _file.Read(readAt, _buffer.AsSpan(_bufferLength, room));
        _bufferLength += n;
        return n > 0;
    }
}
