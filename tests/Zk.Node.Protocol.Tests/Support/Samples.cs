using Zk.Node.Protocol.Data;

namespace Zk.Node.Protocol.Tests.Support;

/// <summary>Field values that are all different and non-default, so a dropped or swapped field changes the bytes.</summary>
internal static class Samples
{
    public static readonly Stat Stat = new(
        Czxid: 0x0000000100000001, Mzxid: 0x0000000100000002, Ctime: 1_700_000_000_001, Mtime: 1_700_000_000_002,
        Version: 3, Cversion: 4, Aversion: 5, EphemeralOwner: 0x0100018bcfe56800, DataLength: 6, NumChildren: 7,
        Pzxid: 0x0000000100000008);

    public static readonly IReadOnlyList<Acl> Acls =
    [
        new(Perms.All, Id.Anyone),
        new(Perms.Read | Perms.Admin, new Id("digest", "user:smGaoVKd/cQkjm7b88GyorAUz20=")),
    ];

    public static readonly byte[] Data = [0x00, 0x7f, 0x80, 0xff, (byte)'z'];

    /// <summary>Non-ASCII path: UTF-8 lengths differ from char counts.</summary>
    public const string Path = "/app/zk\u00e9/n\u00f8de-0000000007";
}
