namespace Zk.Client;

/// <summary>Watcher.Event.EventType: what happened to the watched node; None for session state changes.</summary>
public enum WatchEventType
{
    None = -1,
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
}
