using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Tree;

/// <summary>
/// The tree part of a snapshot, byte for byte ZooKeeper's DataTree.serialize (sessions, the file header
/// and the trailing digest are written around it by the snapshot code):
/// <code>
///   aclCacheCount: int
///   aclCacheCount × { aclId: long | acls: vector&lt;ACL&gt; }        ids ascending
///   per node, pre-order (parent first, children in ordinal order):
///     path: ustring                                   the root is written as "" (ZooKeeper's alias)
///     data: buffer                                    -1 = null
///     aclId: long                                     -1 = the built-in open ACL
///     stat: StatPersisted = czxid: long | mzxid: long | ctime: long | mtime: long | version: int |
///           cversion: int (stored child-creation count) | aversion: int | ephemeralOwner: long | pzxid: long
///   "/": ustring                                      terminator
/// </code>
/// Watches are not part of a snapshot. The loaded tree's <see cref="DataTree.LastProcessedZxid"/> is 0;
/// the caller sets it from the snapshot's zxid.
/// </summary>
public static class DataTreeSnapshot
{
    private const string RootAlias = "";
    private const string Terminator = "/";

    public static void Serialize(DataTree tree, JuteWriter writer)
    {
        var entries = tree.Acls.Entries().ToList();
        writer.WriteInt(entries.Count);
        foreach (var (id, acl) in entries)
        {
            writer.WriteLong(id);
            Acl.WriteList(writer, acl);
        }

        foreach (var (path, node) in tree.PreOrder())
        {
            writer.WriteString(path == DataTree.RootPath ? RootAlias : path);
            writer.WriteBuffer(node.Data);
            writer.WriteLong(node.AclId);
            writer.WriteLong(node.Czxid);
            writer.WriteLong(node.Mzxid);
            writer.WriteLong(node.Ctime);
            writer.WriteLong(node.Mtime);
            writer.WriteInt(node.Version);
            writer.WriteInt(node.Cversion);
            writer.WriteInt(node.Aversion);
            writer.WriteLong(node.EphemeralOwner);
            writer.WriteLong(node.Pzxid);
        }

        writer.WriteString(Terminator);
    }

    /// <summary>Reads a tree written by <see cref="Serialize"/> (or by ZooKeeper). Malformed input throws <see cref="JuteException"/>.</summary>
    public static DataTree Deserialize(ref JuteReader reader, WatchOptions? watchOptions = null)
    {
        var tree = DataTree.CreateEmpty(watchOptions);
        try
        {
            int aclCount = reader.ReadInt();
            if (aclCount < 0 || (long)aclCount * 12 > reader.Remaining)
            {
                throw new JuteException($"ACL cache size {aclCount} does not fit the {reader.Remaining} bytes left");
            }

            for (int i = 0; i < aclCount; i++)
            {
                long id = reader.ReadLong();
                tree.Acls.Load(id, Acl.ReadList(ref reader));
            }

            for (string? path = reader.ReadString(); path != Terminator; path = reader.ReadString())
            {
                if (path is null || (path.Length > 0 && path[0] != '/'))
                {
                    throw new JuteException($"snapshot node path \"{path}\" is not absolute");
                }

                var data = reader.ReadBuffer();
                long aclId = reader.ReadLong();
                long czxid = reader.ReadLong();
                long mzxid = reader.ReadLong();
                long ctime = reader.ReadLong();
                long mtime = reader.ReadLong();
                var node = new DataNode(data, aclId, czxid, ctime, ephemeralOwner: 0)
                {
                    Mzxid = mzxid,
                    Mtime = mtime,
                    Version = reader.ReadInt(),
                    Cversion = reader.ReadInt(),
                    Aversion = reader.ReadInt(),
                    EphemeralOwner = reader.ReadLong(),
                    Pzxid = reader.ReadLong(),
                };
                tree.LoadNode(path.Length == 0 ? DataTree.RootPath : path, node);
            }

            tree.FinishLoad();
        }
        catch (InvalidOperationException e)
        {
            throw new JuteException(e.Message);
        }

        return tree;
    }
}
