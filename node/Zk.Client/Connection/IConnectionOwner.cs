using Zk.Client.Calls;
using Zk.Node.Protocol.Client;

namespace Zk.Client.Connection;

/// <summary>What a connection reports to the session that owns it; called from the connection's reader loop.</summary>
internal interface IConnectionOwner
{
    int NextXid();

    void OnZxid(long zxid);

    void OnNotification(WatchEventType type, string serverPath);

    void OnWatchReply(WatchKind kind, string serverPath, KeeperErrorCode err);

    void OnAuthFailed();

    /// <summary>The connection is gone; every call still pending on it has been failed with ConnectionLoss.</summary>
    void OnClosed(ZkConnection connection, Exception? reason);
}
