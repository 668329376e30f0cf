namespace Zk.Node.Core.Watches;

/// <summary>
/// The modes one watcher holds on one path of one table. Since ZooKeeper 3.9 (ZOOKEEPER-4466) a standard,
/// a persistent and a recursive watch of the same connection on the same path coexist instead of
/// displacing each other; firing clears only <see cref="Standard"/>.
/// </summary>
[Flags]
internal enum WatchModes
{
    None = 0,
    Standard = 1,
    Persistent = 2,
    PersistentRecursive = 4,
    All = Standard | Persistent | PersistentRecursive,
}
