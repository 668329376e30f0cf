namespace Zk.Node.Storage;

/// <summary>What <see cref="NodeStorage.Purge"/> kept and removed.</summary>
public sealed record PurgeResult(
    IReadOnlyList<long> RetainedSnapshots,
    IReadOnlyList<string> DeletedSnapshots,
    IReadOnlyList<string> DeletedLogs);
