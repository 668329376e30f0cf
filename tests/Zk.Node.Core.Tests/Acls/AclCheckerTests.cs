using Zk.Node.Core.Acls;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Acls;

public sealed class AclCheckerTests
{
    private static readonly Id Alice = new("digest", "alice:hash1");
    private static readonly Id Bob = new("digest", "bob:hash2");

    [Fact]
    public void Empty_acl_allows_everyone() => Assert.True(AclChecker.Check([], Perms.Admin, []));

    [Fact]
    public void World_anyone_grants_its_perms_to_everyone()
    {
        Assert.True(AclChecker.Check(Acl.ReadAclUnsafe, Perms.Read, []));
        Assert.False(AclChecker.Check(Acl.ReadAclUnsafe, Perms.Write, []));
    }

    [Fact]
    public void Super_bypasses_every_acl()
    {
        IReadOnlyList<Acl> acl = [new(Perms.Read, Alice)];

        Assert.True(AclChecker.Check(acl, Perms.Admin, [new Id("super", "")]));
        Assert.False(AclChecker.Check(acl, Perms.Admin, [Alice]));
    }

    [Fact]
    public void Digest_ids_match_exactly_and_only_for_granted_perms()
    {
        IReadOnlyList<Acl> acl = [new(Perms.Read | Perms.Write, Alice), new(Perms.Read, Bob)];

        Assert.True(AclChecker.Check(acl, Perms.Write, [Alice]));
        Assert.True(AclChecker.Check(acl, Perms.Read, [new Id("ip", "1.2.3.4"), Bob]));
        Assert.False(AclChecker.Check(acl, Perms.Write, [Bob]));
        Assert.False(AclChecker.Check(acl, Perms.Read, [new Id("digest", "alice:other")]));
        Assert.False(AclChecker.Check(acl, Perms.Read, [new Id("sasl", "alice:hash1")]));
    }

    [Fact]
    public void Auth_placeholder_and_unknown_schemes_match_nothing()
    {
        Assert.False(AclChecker.Check([new Acl(Perms.All, new Id("auth", ""))], Perms.Read, [new Id("auth", "")]));
        Assert.False(AclChecker.Check([new Acl(Perms.All, new Id("custom", "x"))], Perms.Read, [new Id("custom", "x")]));
    }

    /// <summary>IPv4 rows checked against ZooKeeper 3.8.0's IPAuthenticationProvider.matches; 3.8.0 has no IPv6 support, the IPv6 rows follow the same masking rule.</summary>
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.2", "10.0.0.1", false)]
    [InlineData("10.0.0.200", "10.0.0.0/24", true)]
    [InlineData("10.0.1.1", "10.0.0.0/24", false)]
    [InlineData("10.0.1.1", "10.0.0.0/23", true)]
    [InlineData("10.0.0.1", "10.0.0.0/33", false)]
    [InlineData("10.0.0.1", "0.0.0.0/0", true)]
    [InlineData("192.168.1.7", "192.168.1.5/31", false)]
    [InlineData("192.168.1.4", "192.168.1.5/31", true)]
    [InlineData("10.0.0.1", "10.0.0", false)]
    [InlineData("10.0.0.1", "10.0.0.256", false)]
    [InlineData("10.0.0.1", "10.0.0.1/-1", false)]
    [InlineData("10.0.0.1", "10.0.0.1/x", false)]
    [InlineData("::1", "10.0.0.1", false)]
    [InlineData("10.0.0.1", "::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("2001:db8::1", "2001:db8::/32", true)]
    [InlineData("2001:db9::1", "2001:db8::/32", false)]
    [InlineData("2001:db8:0:0:0:0:0:1", "2001:db8::1", true)]
    [InlineData("2001:db8::1", "2001:db8::/129", false)]
    [InlineData("2001:db8::1", "::/0", true)]
    public void Ip_ids_match_by_address_prefix(string client, string aclId, bool expected) =>
        Assert.Equal(expected, AclChecker.Check([new Acl(Perms.Read, new Id("ip", aclId))], Perms.Read, [new Id("ip", client)]));

    [Fact]
    public void Masking_hides_digest_hashes_and_keeps_other_ids()
    {
        IReadOnlyList<Acl> acl = [new(Perms.All, new Id("digest", "user:smGaoVKd/cQkjm7b88GyorAUz20=")), new(Perms.Read, Id.Anyone), new(Perms.Read, new Id("ip", "10.0.0.1"))];

        var masked = AclChecker.MaskDigests(acl);

        Assert.Equal([new Acl(Perms.All, new Id("digest", "user:x")), acl[1], acl[2]], masked);
    }
}
