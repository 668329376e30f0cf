using Zk.Node.Storage.Devices;
using Zk.Node.Storage.Epochs;
using Zk.Node.Storage.Locking;
using Zk.Node.Storage.Snapshots;
using TxnLogStore = Zk.Node.Storage.TxnLog.TxnLog;

namespace Zk.Node.Storage;

/// <summary>
/// Everything one node keeps on disk, placed by <see cref="DataDirLayout"/>: the txn log, the snapshots and the
/// two ZAB epoch files. The host opens it at start, recovers from <see cref="Snapshots"/> plus
/// <see cref="Log"/>, and calls <see cref="Purge"/> on its autopurge schedule or after a snapshot, from any
/// thread: purge only touches the log through <see cref="TxnLog.TxnLog.DeleteFilesBefore"/>, which is safe
/// alongside the log thread's commits.
/// </summary>
public sealed class NodeStorage : IDisposable
{
    private readonly List<DataDirLock> _locks = [];

    private NodeStorage(DataDirLayout layout, TxnLogStore log, SnapshotStore snapshots, IDurableDevice epochDirectory)
    {
        Layout = layout;
        Log = log;
        Snapshots = snapshots;
        CurrentEpoch = new EpochFile(epochDirectory, EpochFile.CurrentEpoch);
        AcceptedEpoch = new EpochFile(epochDirectory, EpochFile.AcceptedEpoch);
    }

    public DataDirLayout Layout { get; }

    public TxnLogStore Log { get; }

    public SnapshotStore Snapshots { get; }

    public EpochFile CurrentEpoch { get; }

    public EpochFile AcceptedEpoch { get; }

    /// <summary>
    /// Locks the data folder (and the log folder, when it is another one) for as long as this instance lives,
    /// creates the directories if needed and opens (recovers) the txn log.
    /// </summary>
    /// <exception cref="DataDirLockedException">another process serves one of the folders.</exception>
    public static NodeStorage Open(StorageOptions options, ILogSink? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new DataDirLayout(options.DataDir, options.DataLogDir);
        var locks = new List<DataDirLock>();
        try
        {
            locks.Add(DataDirLock.Acquire(layout.DataDir, "dataDir"));
            if (layout.DataLogDir != layout.DataDir)
            {
                locks.Add(DataDirLock.Acquire(layout.DataLogDir, "dataLogDir"));
            }

            var snapshotDevice = FileDevice.OpenDirectory(layout.SnapshotDirectory);
            var logDevice = layout.TxnLogDirectory == layout.SnapshotDirectory
                ? snapshotDevice
                : FileDevice.OpenDirectory(layout.TxnLogDirectory);
            var storage = Open(layout, logDevice, snapshotDevice, options, log);
            storage._locks.AddRange(locks);
            return storage;
        }
        catch
        {
            locks.ForEach(l => l.Dispose());
            throw;
        }
    }

    /// <summary>Over given devices (tests use simulated ones).</summary>
    public static NodeStorage Open(DataDirLayout layout, IDurableDevice logDevice, IDurableDevice snapshotDevice, StorageOptions options, ILogSink? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var txnLog = TxnLogStore.Open(logDevice, options.ToTxnLogOptions(), log);
        return new NodeStorage(layout, txnLog, new SnapshotStore(snapshotDevice, log), snapshotDevice);
    }

    /// <summary>
    /// ZooKeeper's PurgeTxnLog: keep the newest <paramref name="snapRetainCount"/> valid snapshots and every log
    /// file that may hold txns after the oldest of them (the files starting after it, plus the newest one starting
    /// at or before it); delete older snapshots and log files. With no valid snapshot nothing is deleted.
    /// </summary>
    public PurgeResult Purge(int snapRetainCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(snapRetainCount, 1);
        var retained = Snapshots.FindValid(snapRetainCount);
        if (retained.Count == 0)
        {
            return new PurgeResult(retained, [], []);
        }

        long oldest = retained[^1];
        var deletedLogs = Log.DeleteFilesBefore(oldest);
        var deletedSnapshots = Snapshots.DeleteOlderThan(oldest);
        return new PurgeResult(retained, deletedSnapshots, deletedLogs);
    }

    public void Dispose()
    {
        Log.Dispose();
        _locks.ForEach(l => l.Dispose());
        _locks.Clear();
    }
}
