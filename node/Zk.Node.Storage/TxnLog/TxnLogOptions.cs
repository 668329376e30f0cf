namespace Zk.Node.Storage.TxnLog;

/// <summary>Limits and knobs of one <see cref="TxnLog"/>; the host maps zoo.cfg onto these.</summary>
public sealed record TxnLogOptions
{
    /// <summary>ZooKeeper's default preAllocSize (65536 KB): files grow in chunks of this many zero bytes.</summary>
    public const long DefaultPreAllocSizeBytes = 64L * 1024 * 1024;

    /// <summary>Log files grow in chunks of this size so that most commits do not change the file size.</summary>
    public long PreAllocSizeBytes { get; init; } = DefaultPreAllocSizeBytes;

    /// <summary>zoo.cfg forceSync: false skips the fsync of <see cref="TxnLog.Commit"/> (data survives a process crash, not a power cut).</summary>
    public bool ForceSync { get; init; } = true;

    /// <summary>
    /// What recovery does with a damaged last record (whole, but failing its checksum: not a torn write). False
    /// (standalone): refuse to open, since the record may be an acknowledged write that exists nowhere else. True
    /// (an ensemble member): cut it and say so, because the leader sends the missing suffix again at sync.
    /// </summary>
    public bool CutDamagedTail { get; init; }

    /// <summary>
    /// The largest record accepted or read back. jute.maxbuffer bounds a request at about 1 MiB; a txn adds
    /// its headers, so 4 MiB leaves room while still refusing a garbage length before allocating for it.
    /// </summary>
    public int MaxRecordBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Written into every file header, as ZooKeeper's FileHeader.dbid.</summary>
    public long Dbid { get; init; }

    /// <summary>Times fsyncs for <see cref="TxnLogCounters.FsyncTime"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PreAllocSizeBytes, 4096, nameof(PreAllocSizeBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRecordBytes, 256 * 1024 * 1024, nameof(MaxRecordBytes));
        ArgumentNullException.ThrowIfNull(Time, nameof(Time));
    }
}
