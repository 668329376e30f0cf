namespace Zk.Node.Storage.Snapshots;

/// <summary>A snapshot file as listed (not yet validated).</summary>
public readonly record struct SnapshotInfo(long Zxid, string FileName, long Length);
