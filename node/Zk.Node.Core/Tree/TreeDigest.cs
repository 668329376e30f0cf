using System.Buffers.Binary;
using System.Text;

namespace Zk.Node.Core.Tree;

/// <summary>
/// ZooKeeper's DigestCalculator (digest version 2), so a tree digest can be compared with a real
/// ZooKeeper's and across our own servers. Each node contributes
/// <code>
///   CRC32( utf8(path) ‖ data (omitted when null) ‖ czxid:8 mzxid:8 pzxid:8 ctime:8 mtime:8
///          version:4 cversion:4 aversion:4 ephemeralOwner:8 )        (big-endian, stored cversion)
/// </code>
/// and the tree digest is the wrapping 64-bit sum over all nodes. The root is hashed under the path ""
/// and nodes below "/zookeeper/" are left out (quota nodes are maintained locally by each server).
/// The ACL is not part of the digest, as in ZooKeeper.
/// </summary>
public static class TreeDigest
{
    public const int Version = 2;

    private const int StatBytes = 60;
    private static readonly uint[] Table = BuildTable();

    public static long NodeDigest(string path, DataNode node)
    {
        if (path.StartsWith("/zookeeper/", StringComparison.Ordinal))
        {
            return 0;
        }

        uint crc = 0xffff_ffffu;
        if (path != "/")
        {
            int max = Encoding.UTF8.GetMaxByteCount(path.Length);
            Span<byte> pathBytes = max <= 512 ? stackalloc byte[max] : new byte[max];
            int written = Encoding.UTF8.GetBytes(path, pathBytes);
            crc = Update(crc, pathBytes[..written]);
        }

        if (node.Data is not null)
        {
            crc = Update(crc, node.Data);
        }

        Span<byte> stat = stackalloc byte[StatBytes];
        BinaryPrimitives.WriteInt64BigEndian(stat, node.Czxid);
        BinaryPrimitives.WriteInt64BigEndian(stat[8..], node.Mzxid);
        BinaryPrimitives.WriteInt64BigEndian(stat[16..], node.Pzxid);
        BinaryPrimitives.WriteInt64BigEndian(stat[24..], node.Ctime);
        BinaryPrimitives.WriteInt64BigEndian(stat[32..], node.Mtime);
        BinaryPrimitives.WriteInt32BigEndian(stat[40..], node.Version);
        BinaryPrimitives.WriteInt32BigEndian(stat[44..], node.Cversion);
        BinaryPrimitives.WriteInt32BigEndian(stat[48..], node.Aversion);
        BinaryPrimitives.WriteInt64BigEndian(stat[52..], node.EphemeralOwner);
        crc = Update(crc, stat);
        return ~crc;
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            crc = Table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xedb8_8320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
