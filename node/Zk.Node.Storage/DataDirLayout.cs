namespace Zk.Node.Storage;

/// <summary>
/// Where ZooKeeper keeps things, so operators' scripts, backups and zkTxnLogToolkit habits carry over:
/// <code>
/// &lt;dataDir&gt;/myid
/// &lt;dataDir&gt;/version-2/snapshot.&lt;zxid hex&gt;
/// &lt;dataDir&gt;/version-2/currentEpoch, acceptedEpoch
/// &lt;dataLogDir&gt;/version-2/log.&lt;zxid hex&gt;          (dataLogDir defaults to dataDir)
/// </code>
/// </summary>
public sealed class DataDirLayout
{
    public const string VersionDirectory = "version-2";

    public const string MyIdFileName = "myid";

    public DataDirLayout(string dataDir, string? dataLogDir = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        DataDir = Path.GetFullPath(dataDir);
        DataLogDir = Path.GetFullPath(string.IsNullOrEmpty(dataLogDir) ? dataDir : dataLogDir);
    }

    public string DataDir { get; }

    public string DataLogDir { get; }

    public string SnapshotDirectory => Path.Combine(DataDir, VersionDirectory);

    public string TxnLogDirectory => Path.Combine(DataLogDir, VersionDirectory);

    /// <summary>currentEpoch and acceptedEpoch live next to the snapshots, as in ZooKeeper.</summary>
    public string EpochDirectory => SnapshotDirectory;

    public string MyIdPath => Path.Combine(DataDir, MyIdFileName);

    public static string SnapshotFileName(long zxid) => ZxidFileName.Format(Snapshots.SnapshotFileFormat.Prefix, zxid);

    public static string LogFileName(long firstZxid) => TxnLog.LogFileNames.For(firstZxid);
}
