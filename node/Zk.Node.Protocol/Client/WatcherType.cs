namespace Zk.Node.Protocol.Client;

/// <summary>checkWatches / removeWatches type (Watcher.WatcherType). Persistent kinds are 3.9 additions.</summary>
public enum WatcherType
{
    Children = 1,
    Data = 2,
    Any = 3,
    Persistent = 4,
    PersistentRecursive = 5,
}
