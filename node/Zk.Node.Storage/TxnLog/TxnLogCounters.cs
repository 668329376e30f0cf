namespace Zk.Node.Storage.TxnLog;

/// <summary>A snapshot of what a <see cref="TxnLog"/> has done since it was opened, for mntr and metrics.</summary>
public readonly record struct TxnLogCounters(
    long Commits,
    long Records,
    long BytesWritten,
    long Fsyncs,
    TimeSpan FsyncTime,
    long FilesCreated);
