namespace Zk.Node.Protocol.Client;

/// <summary>WatcherEvent.state (Watcher.Event.KeeperState). The server only ever sends SyncConnected.</summary>
public enum KeeperState
{
    Disconnected = 0,
    SyncConnected = 3,
    AuthFailed = 4,
    ConnectedReadOnly = 5,
    SaslAuthenticated = 6,
    Closed = 7,
    Expired = -112,
}
