namespace Zk.Node.Protocol.Client;

/// <summary>WatcherEvent.type (Watcher.Event.EventType). The server only sends 1-4; the rest are raised by clients.</summary>
public enum EventType
{
    None = -1,
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
    DataWatchRemoved = 5,
    ChildWatchRemoved = 6,
    PersistentWatchRemoved = 7,
}
