using System.Diagnostics.CodeAnalysis;
using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tree;

/// <summary>
/// The znode tree, as ZooKeeper's DataTree: applies already-validated changes (the request pipeline does
/// ZooKeeper's PrepRequestProcessor checks and passes txn values in: new versions, the parent's new
/// cversion, zxid and time) and keeps the indexes ZooKeeper keeps (ephemerals by session, containers,
/// TTL nodes, the ACL cache, data size, the tree digest). Every mutation fires the watches ZooKeeper's
/// DataTree fires; the events collect in <see cref="PendingEvents"/> until <see cref="DrainEvents"/>.
/// Single-threaded.
/// </summary>
public sealed class DataTree
{
    public const string RootPath = "/";
    public const string ZookeeperPath = "/zookeeper";
    public const string QuotaPath = "/zookeeper/quota";
    public const string ConfigPath = "/zookeeper/config";

    private readonly Dictionary<string, DataNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SortedSet<string>> _ephemerals = [];
    private readonly SortedSet<string> _containers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _ttls = new(StringComparer.Ordinal);
    private readonly List<WatchEvent> _events = [];
    private long _digest;

    public DataTree(WatchOptions? watchOptions = null)
        : this(new WatchManager(watchOptions), withBuiltIns: true)
    {
    }

    private DataTree(WatchManager watches, bool withBuiltIns)
    {
        Watches = watches;
        if (withBuiltIns)
        {
            AddBuiltIns();
        }
    }

    public WatchManager Watches { get; }

    public AclCache Acls { get; } = new();

    /// <summary>The zxid of the last txn applied. Successful mutations raise it; the pipeline sets it for other txns and after a snapshot load.</summary>
    public long LastProcessedZxid { get; set; }

    /// <summary>
    /// ZooKeeper's node count (srvr "Node count", mntr zk_znode_count): its map holds the root under both
    /// "" and "/", so this is one more than <see cref="DistinctNodeCount"/> — a fresh tree reports 5.
    /// </summary>
    public int NodeCount => _nodes.Count + 1;

    public int DistinctNodeCount => _nodes.Count;

    /// <summary>Sum over nodes of path length (UTF-16 units) + data length (mntr zk_approximate_data_size).</summary>
    public long ApproximateDataSize { get; private set; }

    /// <summary>ZooKeeper's tree digest (<see cref="TreeDigest"/>), maintained incrementally.</summary>
    public long Digest => _digest;

    /// <summary>Nodes owned by sessions (mntr zk_ephemerals_count).</summary>
    public int EphemeralCount { get; private set; }

    /// <summary>Container node paths, ordinal order.</summary>
    public IReadOnlyCollection<string> Containers => _containers;

    /// <summary>TTL node paths, ordinal order.</summary>
    public IReadOnlyCollection<string> Ttls => _ttls;

    /// <summary>Watch events produced since the last <see cref="DrainEvents"/>, in firing order.</summary>
    public IReadOnlyList<WatchEvent> PendingEvents => _events;

    /// <summary>Moves the pending watch events to <paramref name="destination"/>.</summary>
    public void DrainEvents(List<WatchEvent> destination)
    {
        destination.AddRange(_events);
        _events.Clear();
    }

    public bool TryGetNode(string path, [MaybeNullWhen(false)] out DataNode node) => _nodes.TryGetValue(path, out node);

    public bool Exists(string path) => _nodes.ContainsKey(path);

    /// <summary>Child names in ordinal order, or null when the node does not exist.</summary>
    public IReadOnlyList<string>? GetChildren(string path) =>
        _nodes.TryGetValue(path, out var node) ? node.Children.ToArray() : null;

    public IReadOnlyList<Acl> GetAcl(DataNode node) => Acls.Get(node.AclId);

    /// <summary>
    /// DataTree.createNode. <paramref name="ephemeralOwner"/> is a session id, 0, <see cref="EphemeralType.ContainerOwner"/>
    /// or a TTL encoding. <paramref name="parentCVersion"/> is the parent's new stored cversion from the txn;
    /// -1 means "one more than now". As in ZooKeeper it only ever moves forward (and the parent's pzxid with it),
    /// so replaying a create is harmless.
    /// </summary>
    /// <returns>Ok; NoNode (no parent); NodeExists; NoChildrenForEphemerals; BadArguments (not an absolute path, or a malformed owner).</returns>
    public KeeperErrorCode CreateNode(string path, byte[]? data, IReadOnlyList<Acl>? acl, long ephemeralOwner, int parentCVersion, long zxid, long timeMs) =>
        CreateNode(path, data, acl, ephemeralOwner, parentCVersion, zxid, timeMs, out _);

    /// <inheritdoc cref="CreateNode(string, byte[], IReadOnlyList{Acl}, long, int, long, long)"/>
    /// <param name="stat">The new node's Stat (create2), default on failure.</param>
    public KeeperErrorCode CreateNode(string path, byte[]? data, IReadOnlyList<Acl>? acl, long ephemeralOwner, int parentCVersion, long zxid, long timeMs, out Stat stat)
    {
        stat = default;
        if (string.IsNullOrEmpty(path) || path[0] != '/' || EphemeralType.IsMalformed(ephemeralOwner))
        {
            return KeeperErrorCode.BadArguments;
        }

        if (path == RootPath)
        {
            return KeeperErrorCode.NodeExists;
        }

        var (parentPath, childName) = Split(path);
        if (!_nodes.TryGetValue(parentPath, out var parent))
        {
            return KeeperErrorCode.NoNode;
        }

        if (parent.Kind == EphemeralKind.Normal)
        {
            return KeeperErrorCode.NoChildrenForEphemerals;
        }

        if (parent.HasChild(childName))
        {
            return KeeperErrorCode.NodeExists;
        }

        if (parentCVersion == -1)
        {
            parentCVersion = unchecked(parent.Cversion + 1);
        }

        BeginChange(parent);
        if (parentCVersion > parent.Cversion)
        {
            parent.Cversion = parentCVersion;
            parent.Pzxid = zxid;
        }

        parent.AddChild(childName);
        EndChange(parentPath, parent);

        var node = new DataNode(data, Acls.Intern(acl), zxid, timeMs, ephemeralOwner);
        _nodes.Add(path, node);
        EndChange(path, node);
        ApproximateDataSize += path.Length + node.DataLength;
        switch (node.Kind)
        {
            case EphemeralKind.Container:
                _containers.Add(path);
                break;
            case EphemeralKind.Ttl:
                _ttls.Add(path);
                break;
            case EphemeralKind.Normal:
                AddEphemeral(ephemeralOwner, path);
                break;
        }

        Advance(zxid);
        stat = node.ToStat();
        Watches.Trigger(path, EventType.NodeCreated, _events, GetAcl(node));
        Watches.Trigger(parentPath, EventType.NodeChildrenChanged, _events, GetAcl(parent));
        return KeeperErrorCode.Ok;
    }

    /// <summary>
    /// DataTree.deleteNode. The parent's visible cversion rises by one through the lower child count (its
    /// stored counter is untouched) and its pzxid moves forward to <paramref name="zxid"/>.
    /// </summary>
    /// <returns>Ok; NoNode; NotEmpty (has children: ZooKeeper's prep refuses it, we refuse rather than orphan them); BadArguments for "/".</returns>
    public KeeperErrorCode DeleteNode(string path, long zxid)
    {
        if (path == RootPath)
        {
            return KeeperErrorCode.BadArguments;
        }

        if (!_nodes.TryGetValue(path, out var node))
        {
            return KeeperErrorCode.NoNode;
        }

        if (node.NumChildren > 0)
        {
            return KeeperErrorCode.NotEmpty;
        }

        var (parentPath, childName) = Split(path);
        var parent = _nodes[parentPath];
        BeginChange(parent);
        parent.RemoveChild(childName);
        if (zxid > parent.Pzxid)
        {
            parent.Pzxid = zxid;
        }

        EndChange(parentPath, parent);

        var acl = GetAcl(node);
        BeginChange(node);
        _nodes.Remove(path);
        Acls.RemoveReference(node.AclId);
        ApproximateDataSize -= path.Length + node.DataLength;
        switch (node.Kind)
        {
            case EphemeralKind.Container:
                _containers.Remove(path);
                break;
            case EphemeralKind.Ttl:
                _ttls.Remove(path);
                break;
            case EphemeralKind.Normal:
                RemoveEphemeral(node.EphemeralOwner, path);
                break;
        }

        Advance(zxid);
        Watches.Trigger(path, EventType.NodeDeleted, _events, acl);
        Watches.Trigger(parentPath, EventType.NodeChildrenChanged, _events, GetAcl(parent));
        return KeeperErrorCode.Ok;
    }

    /// <summary>
    /// DataTree.setData: stores the data and <paramref name="newVersion"/> — the txn's version, i.e. the
    /// expected version + 1 after the pipeline's BADVERSION check — with mzxid and mtime.
    /// </summary>
    public (KeeperErrorCode Code, Stat Stat) SetData(string path, byte[]? data, int newVersion, long zxid, long timeMs)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            return (KeeperErrorCode.NoNode, default);
        }

        BeginChange(node);
        ApproximateDataSize += (data?.Length ?? 0) - node.DataLength;
        node.Data = data;
        node.Mtime = timeMs;
        node.Mzxid = zxid;
        node.Version = newVersion;
        EndChange(path, node);
        Advance(zxid);
        Watches.Trigger(path, EventType.NodeDataChanged, _events, GetAcl(node));
        return (KeeperErrorCode.Ok, node.ToStat());
    }

    /// <summary>DataTree.setACL: stores the list and <paramref name="newAversion"/> (expected aversion + 1). Fires no watch.</summary>
    public (KeeperErrorCode Code, Stat Stat) SetAcl(string path, IReadOnlyList<Acl>? acl, int newAversion)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            return (KeeperErrorCode.NoNode, default);
        }

        BeginChange(node);
        Acls.RemoveReference(node.AclId);
        node.AclId = Acls.Intern(acl);
        node.Aversion = newAversion;
        EndChange(path, node);
        return (KeeperErrorCode.Ok, node.ToStat());
    }

    /// <summary>Paths of the session's ephemeral nodes, ordinal order (getEphemerals filters them by prefix).</summary>
    public IReadOnlyList<string> GetEphemerals(long sessionId) =>
        _ephemerals.TryGetValue(sessionId, out var paths) ? paths.ToArray() : [];

    /// <summary>Every session that owns ephemerals with its paths (the dump command), both sorted.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>> GetAllEphemerals()
    {
        var result = new SortedDictionary<long, IReadOnlyList<string>>();
        foreach (var (session, paths) in _ephemerals)
        {
            result.Add(session, paths.ToArray());
        }

        return result;
    }

    /// <summary>DataTree.killSession: deletes the session's ephemerals (in ordinal order, each firing its watches).</summary>
    /// <returns>The deleted paths.</returns>
    public IReadOnlyList<string> KillSession(long sessionId, long zxid)
    {
        if (!_ephemerals.TryGetValue(sessionId, out var paths))
        {
            Advance(zxid);
            return [];
        }

        var deleted = new List<string>(paths.Count);
        foreach (string path in paths.ToArray())
        {
            if (DeleteNode(path, zxid) == KeeperErrorCode.Ok)
            {
                deleted.Add(path);
            }
        }

        Advance(zxid);
        return deleted;
    }

    /// <summary>getAllChildrenNumber: every node below <paramref name="path"/> (0 when it does not exist).</summary>
    public int CountAllDescendants(string path)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            return 0;
        }

        int count = 0;
        var stack = new Stack<(string Path, DataNode Node)>();
        stack.Push((path, node));
        while (stack.TryPop(out var current))
        {
            foreach (string child in current.Node.Children)
            {
                string childPath = ChildPath(current.Path, child);
                count++;
                stack.Push((childPath, _nodes[childPath]));
            }
        }

        return count;
    }

    /// <summary>
    /// ContainerManager.getCandidates: empty containers that have had a child (stored cversion > 0) or, if
    /// <paramref name="maxNeverUsedIntervalMs"/> is not 0, that were never used and are older than that; and
    /// childless TTL nodes not modified for longer than their ttl. Ordinal order.
    /// </summary>
    public IReadOnlyList<string> GetReapCandidates(long nowMs, long maxNeverUsedIntervalMs = 0)
    {
        var result = new List<string>();
        foreach (string path in _containers)
        {
            var node = _nodes[path];
            if (node.NumChildren == 0
                && (node.Cversion > 0 || (maxNeverUsedIntervalMs != 0 && nowMs - node.Mtime > maxNeverUsedIntervalMs)))
            {
                result.Add(path);
            }
        }

        foreach (string path in _ttls)
        {
            var node = _nodes[path];
            long ttl = EphemeralType.GetTtl(node.EphemeralOwner);
            if (node.NumChildren == 0 && ttl != 0 && nowMs - node.Mtime > ttl)
            {
                result.Add(path);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>
    /// DataTree.setWatches after a reconnect: fires at once what the watcher missed since
    /// <paramref name="relativeZxid"/> (data watch: NodeDeleted if gone, NodeDataChanged if mzxid is newer;
    /// exist watch: NodeCreated if the node exists; child watch: NodeDeleted if gone,
    /// NodeChildrenChanged if pzxid is newer) and arms the rest. Persistent watches are armed without
    /// catch-up events. Events go to <see cref="PendingEvents"/>.
    /// </summary>
    /// <returns>Ok, or Throttled if the watcher's limit stopped some watches from being armed.</returns>
    public KeeperErrorCode SetWatches(
        long watcher,
        long relativeZxid,
        IReadOnlyList<string> dataWatches,
        IReadOnlyList<string> existWatches,
        IReadOnlyList<string> childWatches,
        IReadOnlyList<string>? persistentWatches = null,
        IReadOnlyList<string>? persistentRecursiveWatches = null)
    {
        var result = KeeperErrorCode.Ok;
        void Arm(string path, WatchKind kind)
        {
            if (Watches.AddWatch(path, watcher, kind) != KeeperErrorCode.Ok)
            {
                result = KeeperErrorCode.Throttled;
            }
        }

        foreach (string path in dataWatches)
        {
            if (!_nodes.TryGetValue(path, out var node))
            {
                Notify(watcher, EventType.NodeDeleted, path, null);
            }
            else if (node.Mzxid > relativeZxid)
            {
                Notify(watcher, EventType.NodeDataChanged, path, node);
            }
            else
            {
                Arm(path, WatchKind.Data);
            }
        }

        foreach (string path in existWatches)
        {
            if (_nodes.TryGetValue(path, out var node))
            {
                Notify(watcher, EventType.NodeCreated, path, node);
            }
            else
            {
                Arm(path, WatchKind.Exist);
            }
        }

        foreach (string path in childWatches)
        {
            if (!_nodes.TryGetValue(path, out var node))
            {
                Notify(watcher, EventType.NodeDeleted, path, null);
            }
            else if (node.Pzxid > relativeZxid)
            {
                Notify(watcher, EventType.NodeChildrenChanged, path, node);
            }
            else
            {
                Arm(path, WatchKind.Child);
            }
        }

        foreach (string path in persistentWatches ?? [])
        {
            Arm(path, WatchKind.Persistent);
        }

        foreach (string path in persistentRecursiveWatches ?? [])
        {
            Arm(path, WatchKind.PersistentRecursive);
        }

        return result;
    }

    /// <summary>Creates an empty tree without the built-in nodes, for the snapshot loader.</summary>
    internal static DataTree CreateEmpty(WatchOptions? watchOptions) => new(new WatchManager(watchOptions), withBuiltIns: false);

    /// <summary>Snapshot loading: adds a node whose parent is already loaded, with its stored fields as they were.</summary>
    internal void LoadNode(string path, DataNode node)
    {
        if (path != RootPath)
        {
            var (parentPath, childName) = Split(path);
            if (!_nodes.TryGetValue(parentPath, out var parent))
            {
                throw new InvalidOperationException($"snapshot node {path} comes before its parent");
            }

            if (!parent.AddChild(childName))
            {
                throw new InvalidOperationException($"snapshot node {path} appears twice");
            }
        }
        else if (_nodes.ContainsKey(path))
        {
            throw new InvalidOperationException("snapshot has two roots");
        }

        if (!Acls.Contains(node.AclId))
        {
            throw new InvalidOperationException($"snapshot node {path} refers to unknown ACL id {node.AclId}");
        }

        _nodes.Add(path, node);
        Acls.AddReference(node.AclId);
        ApproximateDataSize += path.Length + node.DataLength;
        switch (node.Kind)
        {
            case EphemeralKind.Container:
                _containers.Add(path);
                break;
            case EphemeralKind.Ttl:
                _ttls.Add(path);
                break;
            case EphemeralKind.Normal:
                AddEphemeral(node.EphemeralOwner, path);
                break;
        }
    }

    /// <summary>After a snapshot load: digests, missing built-ins (snapshots of older servers lack /zookeeper/config), unused ACLs.</summary>
    internal void FinishLoad()
    {
        if (!_nodes.ContainsKey(RootPath))
        {
            throw new InvalidOperationException("snapshot has no root node");
        }

        AddBuiltIns();
        _digest = 0;
        foreach (var (path, node) in _nodes)
        {
            node.Digest = TreeDigest.NodeDigest(path, node);
            _digest = unchecked(_digest + node.Digest);
        }

        Acls.PurgeUnused();
    }

    /// <summary>Pre-order walk (a node before its children, children in ordinal order) — the snapshot order.</summary>
    internal IEnumerable<(string Path, DataNode Node)> PreOrder()
    {
        var stack = new Stack<string>();
        stack.Push(RootPath);
        while (stack.TryPop(out string? path))
        {
            var node = _nodes[path];
            yield return (path, node);
            var children = node.Children.ToArray();
            for (int i = children.Length - 1; i >= 0; i--)
            {
                stack.Push(ChildPath(path, children[i]));
            }
        }
    }

    internal static string ChildPath(string parentPath, string childName) =>
        parentPath == RootPath ? "/" + childName : parentPath + "/" + childName;

    private static (string Parent, string Child) Split(string path)
    {
        int slash = path.LastIndexOf('/');
        return (slash == 0 ? RootPath : path[..slash], path[(slash + 1)..]);
    }

    /// <summary>
    /// The nodes every ZooKeeper has without a txn: "/", "/zookeeper", "/zookeeper/quota" with the implicit
    /// open ACL and all-zero stats, and "/zookeeper/config", readable by anyone and writable only by super
    /// (its aversion is -1 because ZooKeeper installs that ACL with setACL(…, -1)).
    /// </summary>
    private void AddBuiltIns()
    {
        AddBuiltIn(RootPath, AclCache.OpenUnsafeAclId);
        AddBuiltIn(ZookeeperPath, AclCache.OpenUnsafeAclId);
        AddBuiltIn(QuotaPath, AclCache.OpenUnsafeAclId);
        if (AddBuiltIn(ConfigPath, Acls.Intern(Acl.ReadAclUnsafe)))
        {
            _nodes[ConfigPath].Aversion = -1;
        }
    }

    private bool AddBuiltIn(string path, long aclId)
    {
        if (_nodes.ContainsKey(path))
        {
            Acls.RemoveReference(aclId);
            return false;
        }

        var node = new DataNode([], aclId, czxid: 0, ctime: 0, ephemeralOwner: 0);
        if (path != RootPath)
        {
            var (parentPath, childName) = Split(path);
            var parent = _nodes[parentPath];
            BeginChange(parent);
            parent.AddChild(childName);
            EndChange(parentPath, parent);
        }

        _nodes.Add(path, node);
        ApproximateDataSize += path.Length;
        EndChange(path, node);
        return true;
    }

    private void AddEphemeral(long sessionId, string path)
    {
        if (!_ephemerals.TryGetValue(sessionId, out var paths))
        {
            paths = new SortedSet<string>(StringComparer.Ordinal);
            _ephemerals.Add(sessionId, paths);
        }

        paths.Add(path);
        EphemeralCount++;
    }

    private void RemoveEphemeral(long sessionId, string path)
    {
        if (_ephemerals.TryGetValue(sessionId, out var paths) && paths.Remove(path))
        {
            EphemeralCount--;
            if (paths.Count == 0)
            {
                _ephemerals.Remove(sessionId);
            }
        }
    }

    private void Notify(long watcher, EventType type, string path, DataNode? node)
    {
        if (node is not null && Watches.DeliveryFilter is { } filter && !filter(watcher, GetAcl(node)))
        {
            return;
        }

        _events.Add(new WatchEvent(watcher, type, path));
    }

    /// <summary>Takes a node's term out of the tree digest before it changes (nodes.preChange).</summary>
    private void BeginChange(DataNode node) => _digest = unchecked(_digest - node.Digest);

    /// <summary>Puts the node's new term back in (nodes.postChange).</summary>
    private void EndChange(string path, DataNode node)
    {
        node.Digest = TreeDigest.NodeDigest(path, node);
        _digest = unchecked(_digest + node.Digest);
    }

    private void Advance(long zxid)
    {
        if (zxid > LastProcessedZxid)
        {
            LastProcessedZxid = zxid;
        }
    }
}
