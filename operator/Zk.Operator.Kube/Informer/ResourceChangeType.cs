namespace Zk.Operator.Kube.Informer;

/// <summary>How the cache changed for one key.</summary>
public enum ResourceChangeType
{
    Added,
    Modified,
    Deleted,

    /// <summary>
    /// Unchanged, but delivered again after a re-list (410 Gone) because events may have been
    /// missed in between; a controller reconciles it like any other change.
    /// </summary>
    Resynced,
}
