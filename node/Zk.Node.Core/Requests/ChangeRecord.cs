using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Requests;

/// <summary>
/// What prep knows about one path: the applied node, or the node as a not-yet-applied txn leaves it
/// (ZooKeeper's ChangeRecord). <see cref="Cversion"/> is the internal child-creation counter that names
/// sequential children, not the cversion clients see. <see cref="Exists"/> false marks a pending delete.
/// </summary>
internal sealed record ChangeRecord(
    long Zxid,
    string Path,
    bool Exists,
    int Version,
    int Aversion,
    int Cversion,
    int ChildCount,
    long EphemeralOwner,
    IReadOnlyList<Acl> Acl)
{
    public static ChangeRecord Missing(long zxid, string path) => new(zxid, path, false, 0, 0, 0, 0, 0, []);
}
