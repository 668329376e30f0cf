using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Fuzz.Support;

/// <summary>Generators of the values jute records are made of; strings and vectors are never null, so decode(encode(x)) re-encodes to the same bytes.</summary>
internal static class JuteGen
{
    public static readonly Gen<int> Int = Gen.Frequency(
        (4, Gen.Choose(-10, 100)),
        (2, ArbMap.Default.GeneratorFor<int>()),
        (1, Gen.Elements(int.MinValue, int.MaxValue, -1, 0)));

    public static readonly Gen<long> Long = Gen.Frequency(
        (3, Gen.Choose(-10, 1000).Select(i => (long)i)),
        (2, ArbMap.Default.GeneratorFor<long>()),
        (1, Gen.Elements(long.MinValue, long.MaxValue, -1L, 0L)));

    public static readonly Gen<bool> Bool = Gen.Elements(true, false);

    /// <summary>Strings including multi-byte UTF-8 (but no lone surrogates, which cannot round-trip).</summary>
    public static readonly Gen<string> String = Gen.Frequency(
        (4, Gen.Elements("/", "/a", "/zookeeper/config", "digest", "world", "anyone", "", "server.1=127.0.0.1:2888:3888;2181")),
        (3, Gen.ArrayOf(Gen.Elements("a", "/", "b", "0", "é", "字", "😀", ":", "=", "\n", " ")).Select(parts => string.Concat(parts))));

    public static readonly Gen<string> Path = String.Select(s => "/" + s.Replace("\n", "", StringComparison.Ordinal));

    public static readonly Gen<byte[]> Bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));

    public static readonly Gen<byte[]?> NullableBytes = Gen.Frequency((1, Gen.Constant<byte[]?>(null)), (6, Bytes.Select(b => (byte[]?)b)));

    public static readonly Gen<Id> Id = String.Zip(String, (scheme, id) => new Id(scheme, id));

    public static readonly Gen<Acl> Acl = Int.Zip(Id, (perms, id) => new Acl((Perms)perms, id));

    public static readonly Gen<IReadOnlyList<Acl>> Acls = Gen.ListOf(Acl).Select(l => (IReadOnlyList<Acl>)l.ToList());

    public static readonly Gen<IReadOnlyList<Id>> Ids = Gen.ListOf(Id).Select(l => (IReadOnlyList<Id>)l.ToList());

    public static readonly Gen<IReadOnlyList<string>> Strings = Gen.ListOf(String).Select(l => (IReadOnlyList<string>)l.ToList());
}
