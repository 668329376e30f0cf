using Zk.Client.Calls;
using Zk.Node.Protocol.Client;

namespace Zk.Client;

/// <summary>
/// The one-shot watches this session believes the server holds, by server path, so that a reconnect can re-arm
/// them with setWatches. Mirrors the server's tables: data watches (getData, exists on a present node), exist
/// watches (exists on a missing node) and child watches (getChildren).
/// </summary>
internal sealed class WatchRegistry
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _data = new(StringComparer.Ordinal);
    private readonly HashSet<string> _exist = new(StringComparer.Ordinal);
    private readonly HashSet<string> _child = new(StringComparer.Ordinal);

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _data.Count == 0 && _exist.Count == 0 && _child.Count == 0;
            }
        }
    }

    public void OnReply(WatchKind kind, string path, KeeperErrorCode err)
    {
        lock (_lock)
        {
            switch (kind)
            {
                case WatchKind.Data when err == KeeperErrorCode.Ok:
                case WatchKind.Exist when err == KeeperErrorCode.Ok:
                    _data.Add(path);
                    break;
                case WatchKind.Exist when err == KeeperErrorCode.NoNode:
                    _exist.Add(path);
                    break;
                case WatchKind.Child when err == KeeperErrorCode.Ok:
                    _child.Add(path);
                    break;
            }
        }
    }

    /// <summary>A fired watch is gone from the server; forget it here too.</summary>
    public void OnEvent(WatchEventType type, string path)
    {
        lock (_lock)
        {
            switch (type)
            {
                case WatchEventType.NodeCreated:
                case WatchEventType.NodeDataChanged:
                    _data.Remove(path);
                    _exist.Remove(path);
                    break;
                case WatchEventType.NodeChildrenChanged:
                    _child.Remove(path);
                    break;
                case WatchEventType.NodeDeleted:
                    _data.Remove(path);
                    _exist.Remove(path);
                    _child.Remove(path);
                    break;
            }
        }
    }

    public (string[] Data, string[] Exist, string[] Child) Snapshot()
    {
        lock (_lock)
        {
            return ([.. _data], [.. _exist], [.. _child]);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _data.Clear();
            _exist.Clear();
            _child.Clear();
        }
    }
}
