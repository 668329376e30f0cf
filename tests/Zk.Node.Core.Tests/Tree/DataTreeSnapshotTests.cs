using System.Buffers;
using Zk.Node.Core.Tree;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Tests.Tree;

public sealed class DataTreeSnapshotTests
{
    [Fact]
    public void Round_trip_preserves_every_node_acl_index_and_the_digest()
    {
        var tree = ZkScenario.Apply(new DataTree());
        tree.CreateNode("/app/lock2", [], ZkScenario.DigestAcl, ZkScenario.Session, -1, 0x100000008L, 1006);

        var copy = RoundTrip(tree);

        Assert.Equal(tree.Digest, copy.Digest);
        Assert.Equal(tree.NodeCount, copy.NodeCount);
        Assert.Equal(tree.ApproximateDataSize, copy.ApproximateDataSize);
        foreach (var (path, node) in tree.PreOrder())
        {
            Assert.True(copy.TryGetNode(path, out var other), path);
            Assert.Equal(node.ToStat(), other.ToStat());
            Assert.Equal(node.Cversion, other.Cversion);
            Assert.Equal(node.EphemeralOwner, other.EphemeralOwner);
            Assert.Equal(node.Data, other.Data);
            Assert.Equal(tree.GetAcl(node), copy.GetAcl(other));
        }

        tree.TryGetNode("/app/lock", out var withNullData);
        copy.TryGetNode("/app/lock", out var copiedNullData);
        tree.TryGetNode("/app/lock2", out var withEmptyData);
        copy.TryGetNode("/app/lock2", out var copiedEmptyData);
        Assert.Null(withNullData!.Data);
        Assert.Null(copiedNullData!.Data);
        Assert.NotNull(withEmptyData!.Data);
        Assert.NotNull(copiedEmptyData!.Data);
        Assert.Equal(["/app/lock", "/app/lock2"], copy.GetEphemerals(ZkScenario.Session));
        Assert.Equal(["/c"], copy.Containers);
        Assert.Equal(["/t"], copy.Ttls);
        Assert.Equal(Serialize(tree), Serialize(copy));
    }

    [Fact]
    public void A_snapshot_written_by_ZooKeeper_loads_to_the_same_tree_and_digest()
    {
        var bytes = Convert.FromHexString(ZkScenario.ZooKeeperSnapshotHex);
        var reader = new JuteReader(bytes);

        var loaded = DataTreeSnapshot.Deserialize(ref reader);

        Assert.True(reader.IsAtEnd);
        var ours = ZkScenario.Apply(new DataTree());
        Assert.Equal(ZkScenario.ZooKeeperDigest, loaded.Digest);
        Assert.Equal(ours.Digest, loaded.Digest);
        Assert.Equal(ours.NodeCount, loaded.NodeCount);
        Assert.Equal(ours.ApproximateDataSize, loaded.ApproximateDataSize);
        loaded.TryGetNode("/app", out var app);
        Assert.Equal(ZkScenario.DigestAcl, loaded.GetAcl(app!));
        loaded.TryGetNode("/zookeeper/config", out var config);
        Assert.Equal(Acl.ReadAclUnsafe, loaded.GetAcl(config!));
        Assert.Equal(-1, config!.Aversion);
        Assert.Equal(["/app/lock"], loaded.GetEphemerals(ZkScenario.Session));
    }

    [Fact]
    public void Our_bytes_equal_ZooKeepers_record_for_record()
    {
        // ZooKeeper writes children in HashSet order (/app, /c, /zookeeper, /t), we write them in
        // ordinal order; the ACL cache and every node record must still be byte-identical.
        var (zkAclCache, zkNodes) = Split(Convert.FromHexString(ZkScenario.ZooKeeperSnapshotHex));
        var (ourAclCache, ourNodes) = Split(Serialize(ZkScenario.Apply(new DataTree())));

        Assert.Equal(zkAclCache, ourAclCache);
        Assert.Equal(zkNodes.Order(StringComparer.Ordinal), ourNodes.Order(StringComparer.Ordinal));
        Assert.Equal(8, ourNodes.Count);
    }

    [Fact]
    public void Truncated_snapshots_are_rejected()
    {
        var bytes = Serialize(ZkScenario.Apply(new DataTree()));
        for (int length = 0; length < bytes.Length; length += 7)
        {
            Assert.Throws<JuteException>(() =>
            {
                var reader = new JuteReader(bytes.AsSpan(0, length));
                DataTreeSnapshot.Deserialize(ref reader);
            });
        }
    }

    [Fact]
    public void A_node_before_its_parent_is_rejected()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(buffer);
        writer.WriteInt(0);
        WriteNode(writer, "", -1);
        WriteNode(writer, "/a/b", -1);
        writer.WriteString("/");

        var exception = Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(buffer.WrittenSpan);
            DataTreeSnapshot.Deserialize(ref reader);
        });
        Assert.Contains("/a/b", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_with_an_unknown_acl_id_is_rejected()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(buffer);
        writer.WriteInt(0);
        WriteNode(writer, "", -1);
        WriteNode(writer, "/a", 5);
        writer.WriteString("/");

        Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(buffer.WrittenSpan);
            DataTreeSnapshot.Deserialize(ref reader);
        });
    }

    [Fact]
    public void A_snapshot_without_the_built_in_nodes_gets_them_back()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(buffer);
        writer.WriteInt(0);
        WriteNode(writer, "", -1);
        WriteNode(writer, "/a", -1);
        writer.WriteString("/");
        var reader = new JuteReader(buffer.WrittenSpan);

        var tree = DataTreeSnapshot.Deserialize(ref reader);

        Assert.True(tree.Exists("/a"));
        Assert.True(tree.Exists("/zookeeper/config"));
        Assert.True(tree.Exists("/zookeeper/quota"));
        tree.TryGetNode("/zookeeper/config", out var config);
        Assert.Equal(Acl.ReadAclUnsafe, tree.GetAcl(config!));
    }

    [Fact]
    public void Acl_ids_continue_after_the_loaded_ones_and_unused_lists_are_dropped()
    {
        var tree = new DataTree();
        tree.CreateNode("/a", null, [new Acl(Perms.Read, new Id("ip", "10.0.0.1"))], 0, -1, 1, 0);
        tree.CreateNode("/b", null, [new Acl(Perms.Read, new Id("ip", "10.0.0.2"))], 0, -1, 2, 0);
        tree.TryGetNode("/b", out var b);
        long highest = b!.AclId;
        tree.DeleteNode("/b", 3);

        var copy = RoundTrip(tree);
        copy.CreateNode("/c", null, [new Acl(Perms.Read, new Id("ip", "10.0.0.3"))], 0, -1, 4, 0);

        // As ZooKeeper: the loaded cache keeps only referenced lists and counts on from the highest loaded id.
        copy.TryGetNode("/a", out var a);
        copy.TryGetNode("/c", out var c);
        Assert.Equal(tree.Acls.Count, copy.Acls.Count - 1);
        Assert.True(highest > a!.AclId);
        Assert.Equal(a.AclId + 1, c!.AclId);
        Assert.Equal([new Acl(Perms.Read, new Id("ip", "10.0.0.3"))], copy.GetAcl(c));
    }

    /// <summary>A snapshot's ACL-cache bytes and its node records (hex), terminator excluded.</summary>
    private static (byte[] AclCache, List<string> Nodes) Split(byte[] snapshot)
    {
        var reader = new JuteReader(snapshot);
        int count = reader.ReadInt();
        for (int i = 0; i < count; i++)
        {
            reader.ReadLong();
            Acl.ReadList(ref reader);
        }

        var aclCache = snapshot[..reader.Position];
        var nodes = new List<string>();
        while (true)
        {
            int start = reader.Position;
            if (reader.ReadString() == "/")
            {
                break;
            }

            reader.ReadBuffer();
            for (int i = 0; i < 5; i++)
            {
                reader.ReadLong();
            }

            reader.ReadInt();
            reader.ReadInt();
            reader.ReadInt();
            reader.ReadLong();
            reader.ReadLong();
            nodes.Add(Convert.ToHexString(snapshot, start, reader.Position - start));
        }

        Assert.True(reader.IsAtEnd);
        return (aclCache, nodes);
    }

    private static DataTree RoundTrip(DataTree tree)
    {
        var bytes = Serialize(tree);
        var reader = new JuteReader(bytes);
        var copy = DataTreeSnapshot.Deserialize(ref reader);
        Assert.True(reader.IsAtEnd);
        return copy;
    }

    private static byte[] Serialize(DataTree tree)
    {
        var buffer = new ArrayBufferWriter<byte>();
        DataTreeSnapshot.Serialize(tree, new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNode(JuteWriter writer, string path, long aclId)
    {
        writer.WriteString(path);
        writer.WriteBuffer([]);
        writer.WriteLong(aclId);
        for (int i = 0; i < 4; i++)
        {
            writer.WriteLong(0);
        }

        writer.WriteInt(0);
        writer.WriteInt(0);
        writer.WriteInt(0);
        writer.WriteLong(0);
        writer.WriteLong(0);
    }
}
