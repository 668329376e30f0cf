namespace Zk.Node.Protocol.Client;

/// <summary>AddWatchRequest.mode (3.6).</summary>
public enum AddWatchMode
{
    Persistent = 0,
    PersistentRecursive = 1,
}
