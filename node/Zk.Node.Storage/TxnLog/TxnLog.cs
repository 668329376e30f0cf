using System.Buffers.Binary;
using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// ZooKeeper's transaction log: an append-only sequence of checksummed records (<see cref="TxnLogRecordCodec"/>)
/// in files <c>log.&lt;first zxid hex&gt;</c> that each start with <see cref="TxnLogFileHeader"/> and grow in
/// zero-filled chunks of <see cref="TxnLogOptions.PreAllocSizeBytes"/>.
/// <para>
/// Group commit: the host <see cref="Append"/>s a whole batch, then calls <see cref="Commit"/> once: one write
/// and one fsync for the batch, with no allocation per record. Records are opaque bytes; the core serializes.
/// </para>
/// <para>
/// One storage thread owns it; the only call safe from another thread is <see cref="DeleteFilesBefore"/> (purge
/// runs after a background snapshot), which is why the file list sits behind a lock that the commit path takes
/// only when it starts a file. After any write or fsync failure the log refuses further use, because then nobody
/// knows what reached the disk (retrying an fsync can report success for lost pages).
/// </para>
/// </summary>
public sealed class TxnLog : IDisposable
{
    private readonly IDurableDevice _device;
    private readonly TxnLogOptions _options;
    private readonly List<LogSegment> _segments;
    private readonly Lock _gate = new();
    private IDurableFile? _active;
    private LogSegment? _activeSegment;
    private long _activeAllocated;
    private byte[] _buffer = new byte[64 * 1024];
    private int _bufferLength;
    private int _bufferedRecords;
    private long _firstBufferedZxid;
    private long _lastBufferedZxid;
    private long _nextCommitSequence;
    private long _version;
    private bool _failed;
    private bool _disposed;
    private long _commits;
    private long _records;
    private long _bytesWritten;
    private long _fsyncs;
    private TimeSpan _fsyncTime;
    private long _filesCreated;

    private TxnLog(IDurableDevice device, TxnLogOptions options, TxnLogRecovery recovery)
    {
        _device = device;
        _options = options;
        _segments = recovery.Segments;
        LastZxid = recovery.LastZxid;
        _nextCommitSequence = recovery.LastCommitSequence + 1;
        RecoveryTruncation = recovery.Truncation;
    }

    /// <summary>The zxid of the newest record written by <see cref="Commit"/> (durable if ForceSync); 0 when the log is empty.</summary>
    public long LastZxid { get; private set; }

    /// <summary>The oldest zxid the log still holds (purge removes older files); 0 when empty.</summary>
    public long FirstZxid
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count == 0 ? 0 : _segments[0].FirstZxid;
            }
        }
    }

    /// <summary>Records appended since the last commit.</summary>
    public int BufferedRecords => _bufferedRecords;

    /// <summary>Bytes appended since the last commit: the host commits early when a batch grows large.</summary>
    public int BufferedBytes => _bufferLength;

    /// <summary>What <see cref="Open"/> cut from a torn tail, or null if the log was clean.</summary>
    public TruncatedTail? RecoveryTruncation { get; }

    /// <summary>The log's files, oldest first.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _segments.Select(s => s.Name)];
            }
        }
    }

    public TxnLogCounters Counters => new(_commits, _records, _bytesWritten, _fsyncs, _fsyncTime, _filesCreated);

    /// <summary>
    /// Scans and validates every file in <paramref name="directory"/>. A torn tail is cut durably and reported
    /// (<see cref="RecoveryTruncation"/> and a warning on <paramref name="log"/>); damage followed by later
    /// commits throws <see cref="TxnLogCorruptException"/>. The first commit after opening starts a new file.
    /// </summary>
    public static TxnLog Open(IDurableDevice directory, TxnLogOptions options, ILogSink? log = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var recovery = new TxnLogRecovery(directory, options, log);
        recovery.Run();
        return new TxnLog(directory, options, recovery);
    }

    /// <summary>Buffers one record. Zxids must increase strictly, also across commits; records are 1..MaxRecordBytes long.</summary>
    public void Append(long zxid, ReadOnlySpan<byte> record)
    {
        ThrowIfUnusable();
        long last = _bufferedRecords > 0 ? _lastBufferedZxid : LastZxid;
        if (zxid <= last)
        {
            throw new ArgumentOutOfRangeException(nameof(zxid), $"zxid 0x{zxid:x} does not follow 0x{last:x}");
        }

        if (record.IsEmpty || record.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(record), $"record of {record.Length} bytes; must be 1..{_options.MaxRecordBytes}");
        }

        int size = TxnLogRecordCodec.HeaderSize + record.Length;
        if (_buffer.Length - _bufferLength < size)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferLength + size));
        }

        TxnLogRecordCodec.WriteUnsealed(_buffer.AsSpan(_bufferLength), zxid, record);
        _bufferLength += size;
        if (_bufferedRecords++ == 0)
        {
            _firstBufferedZxid = zxid;
        }

        _lastBufferedZxid = zxid;
    }

    /// <summary>
    /// Writes every buffered record with one write and, with ForceSync, one fsync (plus one directory fsync when
    /// the batch starts a new file). When this returns the batch is durable. Nothing buffered: nothing happens.
    /// </summary>
    public void Commit()
    {
        ThrowIfUnusable();
        if (_bufferedRecords == 0)
        {
            return;
        }

        try
        {
            bool created = false;
            if (_active is null)
            {
                StartFile(_firstBufferedZxid);
                created = true;
            }

            var segment = _activeSegment!;
            SealBuffer();
            long end = segment.EndOffset + _bufferLength;
            if (end > _activeAllocated)
            {
                long chunk = _options.PreAllocSizeBytes;
                _activeAllocated = (end + chunk - 1) / chunk * chunk;
                _active!.Preallocate(_activeAllocated);
            }

            _active!.Write(segment.EndOffset, _buffer.AsSpan(0, _bufferLength));
            if (_options.ForceSync)
            {
                long started = _options.Time.GetTimestamp();
                _active.Sync();
                CountSync(started);
                if (created)
                {
                    started = _options.Time.GetTimestamp();
                    _device.SyncDirectory();
                    CountSync(started);
                }
            }

            segment.EndOffset = end;
            segment.LastZxid = _lastBufferedZxid;
            segment.RecordCount += _bufferedRecords;
            LastZxid = _lastBufferedZxid;
            _commits++;
            _records += _bufferedRecords;
            _bytesWritten += _bufferLength;
            _nextCommitSequence++;
            _bufferLength = 0;
            _bufferedRecords = 0;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Closes the current file; the next commit starts <c>log.&lt;its first zxid&gt;</c>. Called after a snapshot.</summary>
    public void RollLog()
    {
        ThrowIfUnusable();
        CloseActive();
    }

    /// <summary>
    /// The committed records with zxid above <paramref name="zxidExclusive"/>, oldest first, read lazily from disk.
    /// Check <see cref="FirstZxid"/> first if the caller needs the log to reach back that far. Committing while
    /// enumerating is allowed (the enumeration sees a file's records as of when it reaches that file);
    /// truncating or purging invalidates the enumeration.
    /// </summary>
    public IEnumerable<(long Zxid, byte[] Record)> ReadFrom(long zxidExclusive)
    {
        ThrowIfUnusable();
        lock (_gate)
        {
            return Read(zxidExclusive, _version);
        }
    }

    /// <summary>
    /// ZAB TRUNC: durably removes every record above <paramref name="zxid"/>. Later files are deleted newest first
    /// and the file holding <paramref name="zxid"/> is cut and fsynced, so a crash part way leaves a prefix of the log.
    /// Always syncs, whatever ForceSync says. Buffered records must have been committed first.
    /// </summary>
    public void TruncateAfter(long zxid)
    {
        ThrowIfUnusable();
        if (_bufferedRecords > 0)
        {
            throw new InvalidOperationException("commit the buffered records before truncating the log");
        }

        if (zxid >= LastZxid)
        {
            return;
        }

        lock (_gate)
        {
            TruncateLocked(zxid);
        }
    }

    private void TruncateLocked(long zxid)
    {
        try
        {
            CloseActive();
            _version++;
            bool deleted = false;
            while (_segments.Count > 0 && _segments[^1].FirstZxid > zxid)
            {
                _device.Delete(_segments[^1].Name);
                _segments.RemoveAt(_segments.Count - 1);
                deleted = true;
            }

            if (deleted)
            {
                TimedSync(_device.SyncDirectory);
            }

            if (_segments.Count == 0)
            {
                LastZxid = 0;
                return;
            }

            var segment = _segments[^1];
            if (segment.LastZxid > zxid)
            {
                CutSegmentAfter(segment, zxid);
            }

            LastZxid = segment.LastZxid;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>
    /// Purge support: deletes the files that hold only txns at or below <paramref name="zxid"/> (the oldest
    /// retained snapshot), keeping the newest file that starts at or below it since its later records are needed.
    /// Never deletes the file being written. Returns the deleted names.
    /// </summary>
    public IReadOnlyList<string> DeleteFilesBefore(long zxid)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var deleted = new List<string>();
        lock (_gate)
        {
            int keepFrom = _segments.FindLastIndex(s => s.FirstZxid <= zxid);
            try
            {
                for (int n = keepFrom; n > 0 && _segments[0] != _activeSegment; n--)
                {
                    _device.Delete(_segments[0].Name);
                    deleted.Add(_segments[0].Name);
                    _segments.RemoveAt(0);
                }
            }
            finally
            {
                if (deleted.Count > 0)
                {
                    _version++;
                }
            }
        }

        // A failed purge leaves old files behind and the log intact, so unlike a failed commit it does not
        // poison the log; and its directory fsync is not commit latency, so the counters leave it out.
        if (deleted.Count > 0)
        {
            _device.SyncDirectory();
        }

        return deleted;
    }

    /// <summary>Closes the file. Buffered, uncommitted records are dropped.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseActive();
    }

    private IEnumerable<(long Zxid, byte[] Record)> Read(long after, long version)
    {
        int start;
        lock (_gate)
        {
            start = Math.Max(0, _segments.FindLastIndex(s => s.FirstZxid - 1 <= after));
        }

        for (int i = start; ; i++)
        {
            LogSegment segment;
            long end;
            lock (_gate)
            {
                CheckVersion(version);
                if (i >= _segments.Count)
                {
                    yield break;
                }

                segment = _segments[i];
                end = segment.EndOffset;
            }

            if (segment.LastZxid <= after)
            {
                continue;
            }

            using var file = _device.Open(segment.Name);
            var reader = new LogRecordReader(file, TxnLogFileHeader.Size, end, _options.MaxRecordBytes);
            long previous = 0;
            while (reader.Position < end)
            {
                var status = reader.Next(previous);
                if (status != RecordStatus.Valid)
                {
                    throw new TxnLogCorruptException(
                        $"txn log {_device.Location}/{segment.Name} changed under the reader at offset {reader.Position}: {status}");
                }

                previous = reader.Current.Zxid;
                if (previous > after)
                {
                    var record = reader.CurrentPayload.ToArray();
                    yield return (previous, record);
                    lock (_gate)
                    {
                        CheckVersion(version);
                    }
                }
            }
        }
    }

    private void CheckVersion(long version)
    {
        if (version != _version)
        {
            throw new InvalidOperationException("the txn log was truncated or purged while being read");
        }
    }

    private void StartFile(long firstZxid)
    {
        string name = LogFileNames.For(firstZxid);
        _active = _device.Create(name);
        Span<byte> header = stackalloc byte[TxnLogFileHeader.Size];
        TxnLogFileHeader.Write(header, _options.Dbid);
        _active.Write(0, header);
        _activeAllocated = TxnLogFileHeader.Size;
        lock (_gate)
        {
            _activeSegment = new LogSegment(name, firstZxid);
            _segments.Add(_activeSegment);
        }

        _filesCreated++;
    }

    private void SealBuffer()
    {
        var span = _buffer.AsSpan(0, _bufferLength);
        int offset = 0;
        for (int r = 0; r < _bufferedRecords; r++)
        {
            int size = TxnLogRecordCodec.HeaderSize + BinaryPrimitives.ReadInt32BigEndian(span[(offset + 4)..]);
            TxnLogRecordCodec.Seal(span.Slice(offset, size), _nextCommitSequence, r == _bufferedRecords - 1);
            offset += size;
        }
    }

    private void CutSegmentAfter(LogSegment segment, long zxid)
    {
        using var file = _device.Open(segment.Name);
        var reader = new LogRecordReader(file, TxnLogFileHeader.Size, segment.EndOffset, _options.MaxRecordBytes);
        long cut = TxnLogFileHeader.Size;
        long kept = 0;
        long lastKept = 0;
        while (reader.Next(lastKept) == RecordStatus.Valid && reader.Current.Zxid <= zxid)
        {
            cut = reader.Position;
            lastKept = reader.Current.Zxid;
            kept++;
        }

        file.Truncate(cut);
        TimedSync(file.Sync);
        segment.EndOffset = cut;
        segment.LastZxid = lastKept;
        segment.RecordCount = kept;
    }

    // The hot path times its fsync inline rather than through a delegate, which would allocate per commit.
    private void TimedSync(Action sync)
    {
        long started = _options.Time.GetTimestamp();
        sync();
        CountSync(started);
    }

    private void CountSync(long started)
    {
        _fsyncTime += _options.Time.GetElapsedTime(started);
        _fsyncs++;
    }

    private void CloseActive()
    {
        _active?.Dispose();
        _active = null;
        lock (_gate)
        {
            _activeSegment = null;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed)
        {
            throw new InvalidOperationException("the txn log failed an earlier write or fsync; reopen it to recover");
        }
    }
}
