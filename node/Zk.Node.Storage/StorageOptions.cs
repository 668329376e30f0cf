namespace Zk.Node.Storage;

/// <summary>
/// The storage settings of one node, taken from zoo.cfg by the server (which owns the parsing and the names).
/// Defaults are ZooKeeper's.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>zoo.cfg dataDir: snapshots, epochs and myid.</summary>
    public required string DataDir { get; init; }

    /// <summary>zoo.cfg dataLogDir: the txn log; null means <see cref="DataDir"/>.</summary>
    public string? DataLogDir { get; init; }

    /// <summary>zoo.cfg preAllocSize, in KB.</summary>
    public int PreAllocSizeKb { get; init; } = 65536;

    /// <summary>zoo.cfg forceSync ("no" skips the txn log fsync).</summary>
    public bool ForceSync { get; init; } = true;

    /// <summary>See <see cref="TxnLog.TxnLogOptions.CutDamagedTail"/>: true for an ensemble member, which can get the suffix back from its leader.</summary>
    public bool CutDamagedTail { get; init; }

    /// <summary>zoo.cfg autopurge.snapRetainCount (ZooKeeper enforces at least 3; the server decides).</summary>
    public int SnapRetainCount { get; init; } = 3;

    /// <summary>The largest txn record accepted (see <see cref="TxnLog.TxnLogOptions.MaxRecordBytes"/>).</summary>
    public int MaxRecordBytes { get; init; } = 4 * 1024 * 1024;

    public long Dbid { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TxnLog.TxnLogOptions ToTxnLogOptions() => new()
    {
        PreAllocSizeBytes = PreAllocSizeKb * 1024L,
        ForceSync = ForceSync,
        CutDamagedTail = CutDamagedTail,
        MaxRecordBytes = MaxRecordBytes,
        Dbid = Dbid,
        Time = Time,
    };
}
