using System.Buffers;
using Zk.Node.Core.Tree;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Tests.Tree;

/// <summary>Seeded random mutations: the incrementally kept digest and counters must equal a fresh computation (a snapshot reload).</summary>
public sealed class DataTreeRandomOpsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Incremental_digest_size_and_indexes_match_a_reload_after_random_operations(int seed)
    {
        var random = new Random(seed);
        var tree = new DataTree();
        IReadOnlyList<Acl>[] acls = [Acl.OpenAclUnsafe, Acl.ReadAclUnsafe, [new Acl(Perms.All, new Id("ip", "10.0.0.0/8"))]];
        var paths = new List<string> { "/" };
        long zxid = 0;
        for (int step = 0; step < 2000; step++)
        {
            zxid++;
            string target = paths[random.Next(paths.Count)];
            switch (random.Next(5))
            {
                case 0 or 1:
                    string child = DataTree.ChildPath(target, "n" + random.Next(20));
                    long owner = random.Next(4) switch { 0 => 1 + random.Next(3), 1 => EphemeralType.ContainerOwner, _ => 0 };
                    byte[]? data = random.Next(3) == 0 ? null : new byte[random.Next(5)];
                    if (tree.CreateNode(child, data, acls[random.Next(acls.Length)], owner, -1, zxid, step) == KeeperErrorCode.Ok)
                    {
                        paths.Add(child);
                    }

                    break;
                case 2:
                    if (tree.DeleteNode(target, zxid) == KeeperErrorCode.Ok)
                    {
                        paths.Remove(target);
                    }

                    break;
                case 3:
                    tree.SetData(target, new byte[random.Next(8)], random.Next(10), zxid, step);
                    break;
                default:
                    if (random.Next(10) == 0)
                    {
                        foreach (string path in tree.KillSession(1 + random.Next(3), zxid))
                        {
                            paths.Remove(path);
                        }
                    }
                    else
                    {
                        tree.SetAcl(target, acls[random.Next(acls.Length)], random.Next(10));
                    }

                    break;
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        DataTreeSnapshot.Serialize(tree, new JuteWriter(buffer));
        var reader = new JuteReader(buffer.WrittenSpan);
        var reloaded = DataTreeSnapshot.Deserialize(ref reader);

        Assert.True(paths.Count > 20, "the walk should build a tree of some size");
        Assert.Equal(reloaded.Digest, tree.Digest);
        Assert.Equal(reloaded.ApproximateDataSize, tree.ApproximateDataSize);
        Assert.Equal(reloaded.NodeCount, tree.NodeCount);
        Assert.Equal(reloaded.EphemeralCount, tree.EphemeralCount);
        Assert.Equal(reloaded.Containers, tree.Containers);
        Assert.Equal(reloaded.Acls.Count, tree.Acls.Count);
        foreach (long session in new long[] { 1, 2, 3 })
        {
            Assert.Equal(reloaded.GetEphemerals(session), tree.GetEphemerals(session));
        }

        Assert.Equal(paths.Count + 3, tree.DistinctNodeCount);
    }
}
