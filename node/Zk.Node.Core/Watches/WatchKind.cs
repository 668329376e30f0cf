namespace Zk.Node.Core.Watches;

/// <summary>How a watch was armed.</summary>
public enum WatchKind
{
    /// <summary>getData(watch): one-shot, in the data table.</summary>
    Data,

    /// <summary>exists(watch), also on a missing node: one-shot, in the data table (ZooKeeper keeps no separate table).</summary>
    Exist,

    /// <summary>getChildren(watch): one-shot, in the child table.</summary>
    Child,

    /// <summary>addWatch PERSISTENT: the path's data and child events, never removed by firing.</summary>
    Persistent,

    /// <summary>addWatch PERSISTENT_RECURSIVE: data events of the path and all descendants, never NodeChildrenChanged.</summary>
    PersistentRecursive,
}
