using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tree;

/// <summary>
/// One znode: data, an ACL id into the tree's <see cref="AclCache"/>, the persisted stat and the child
/// names. Only <see cref="DataTree"/> mutates it.
/// </summary>
/// <remarks>
/// <see cref="Cversion"/> is stored the way ZooKeeper stores it: the number of child creations (it is also
/// the next sequence number). Clients see <c>2 × Cversion − numChildren</c> — every create counts and every
/// delete of a child still counted — see <see cref="ToStat"/>.
/// </remarks>
public sealed class DataNode
{
    private SortedSet<string>? _children;

    internal DataNode(byte[]? data, long aclId, long czxid, long ctime, long ephemeralOwner)
    {
        Data = data;
        AclId = aclId;
        Czxid = czxid;
        Mzxid = czxid;
        Pzxid = czxid;
        Ctime = ctime;
        Mtime = ctime;
        EphemeralOwner = ephemeralOwner;
    }

    /// <summary>The node's data; null and empty are different and both preserved.</summary>
    public byte[]? Data { get; internal set; }

    public long AclId { get; internal set; }

    public long Czxid { get; internal set; }

    public long Mzxid { get; internal set; }

    public long Ctime { get; internal set; }

    public long Mtime { get; internal set; }

    public int Version { get; internal set; }

    /// <summary>Stored child-creation counter (not the client-visible cversion).</summary>
    public int Cversion { get; internal set; }

    public int Aversion { get; internal set; }

    /// <summary>Stored owner: a session id, or a container/TTL encoding (<see cref="EphemeralType"/>).</summary>
    public long EphemeralOwner { get; internal set; }

    public long Pzxid { get; internal set; }

    /// <summary>Child names in ordinal order, so listings, snapshots and session cleanup are deterministic.</summary>
    public IReadOnlyCollection<string> Children => (IReadOnlyCollection<string>?)_children ?? [];

    public int NumChildren => _children?.Count ?? 0;

    public int DataLength => Data?.Length ?? 0;

    public EphemeralKind Kind => EphemeralType.Get(EphemeralOwner);

    /// <summary>This node's term of the tree digest; see <see cref="TreeDigest"/>.</summary>
    internal long Digest { get; set; }

    /// <summary>DataNode.copyStat: the Stat clients see.</summary>
    public Stat ToStat()
    {
        int numChildren = NumChildren;
        return new Stat(
            Czxid,
            Mzxid,
            Ctime,
            Mtime,
            Version,
            unchecked((Cversion * 2) - numChildren),
            Aversion,
            EphemeralType.ToClientOwner(EphemeralOwner),
            DataLength,
            numChildren,
            Pzxid);
    }

    internal bool AddChild(string name) => (_children ??= new SortedSet<string>(StringComparer.Ordinal)).Add(name);

    internal bool RemoveChild(string name) => _children is not null && _children.Remove(name);

    internal bool HasChild(string name) => _children is not null && _children.Contains(name);
}
