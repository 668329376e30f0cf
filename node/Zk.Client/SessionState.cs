namespace Zk.Client;

/// <summary>Watcher.Event.KeeperState: the session's state as the client sees it.</summary>
public enum SessionState
{
    Disconnected = 0,
    SyncConnected = 3,
    AuthFailed = 4,
    ConnectedReadOnly = 5,
    Closed = 7,
    Expired = -112,
}
