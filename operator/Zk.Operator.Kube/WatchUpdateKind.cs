namespace Zk.Operator.Kube;

/// <summary>What one <see cref="WatchUpdate"/> carries.</summary>
public enum WatchUpdateKind
{
    /// <summary>The initial list: <see cref="WatchUpdate.Items"/> is the complete set.</summary>
    Listed,

    /// <summary>
    /// The watch fell out of the server's history (410 Gone) and was replaced by a fresh list:
    /// <see cref="WatchUpdate.Items"/> is the complete set and anything missing from it was deleted.
    /// Consumers should reconcile everything since events may have been missed.
    /// </summary>
    Relisted,

    Added,
    Modified,
    Deleted,

    /// <summary>No object changed; the server confirms progress up to <see cref="WatchUpdate.ResourceVersion"/>.</summary>
    Bookmark,
}
