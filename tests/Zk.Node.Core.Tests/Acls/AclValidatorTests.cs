using Zk.Node.Core.Acls;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Acls;

public sealed class AclValidatorTests
{
    private static readonly Id Digest = new("digest", "user:smGaoVKd/cQkjm7b88GyorAUz20=");
    private static readonly Id Ip = new("ip", "127.0.0.1");

    [Fact]
    public void Empty_or_missing_list_is_invalid()
    {
        Assert.Equal(KeeperErrorCode.InvalidAcl, AclValidator.FixupAcl([], [], out var fixedAcl));
        Assert.Empty(fixedAcl);
        Assert.Equal(KeeperErrorCode.InvalidAcl, AclValidator.FixupAcl(null, [], out _));
    }

    [Fact]
    public void Duplicates_collapse_keeping_the_first()
    {
        IReadOnlyList<Acl> acl = [new(Perms.All, Id.Anyone), new(Perms.Read, Id.Anyone), new(Perms.All, Id.Anyone)];

        Assert.Equal(KeeperErrorCode.Ok, AclValidator.FixupAcl(acl, [], out var fixedAcl));

        Assert.Equal([new Acl(Perms.All, Id.Anyone), new Acl(Perms.Read, Id.Anyone)], fixedAcl);
    }

    [Fact]
    public void Auth_expands_to_the_callers_authenticated_ids_but_not_ip_or_super()
    {
        IReadOnlyList<Acl> creatorAll = [new(Perms.All, new Id("auth", ""))];
        IReadOnlyList<Id> caller = [Ip, new Id("super", ""), Digest, new Id("sasl", "bob@REALM")];

        Assert.Equal(KeeperErrorCode.Ok, AclValidator.FixupAcl(creatorAll, caller, out var fixedAcl));

        Assert.Equal([new Acl(Perms.All, Digest), new Acl(Perms.All, new Id("sasl", "bob@REALM"))], fixedAcl);
    }

    [Fact]
    public void Auth_without_authenticated_ids_is_invalid()
    {
        IReadOnlyList<Acl> creatorAll = [new(Perms.All, new Id("auth", ""))];

        Assert.Equal(KeeperErrorCode.InvalidAcl, AclValidator.FixupAcl(creatorAll, [Ip], out _));
        Assert.Equal(KeeperErrorCode.InvalidAcl, AclValidator.FixupAcl(creatorAll, [], out _));
    }

    [Theory]
    [InlineData("ip", "10.0.0.0/8", true)]
    [InlineData("ip", "10.0.0.1", true)]
    [InlineData("ip", "2001:db8::/32", true)]
    [InlineData("ip", "10.0.0.0/33", false)]
    [InlineData("ip", "host.example", false)]
    [InlineData("digest", "user:hash", true)]
    [InlineData("digest", "user", false)]
    [InlineData("world", "anyone", true)]
    [InlineData("world", "someone", false)]
    [InlineData("super", "", false)]
    [InlineData("unknown", "x", false)]
    public void Ids_are_validated_by_their_scheme(string scheme, string id, bool valid)
    {
        var code = AclValidator.FixupAcl([new Acl(Perms.Read, new Id(scheme, id))], [], out var fixedAcl);

        Assert.Equal(valid ? KeeperErrorCode.Ok : KeeperErrorCode.InvalidAcl, code);
        Assert.Equal(valid ? 1 : 0, fixedAcl.Count);
    }

    [Fact]
    public void One_bad_entry_invalidates_the_whole_list()
    {
        IReadOnlyList<Acl> acl = [new(Perms.All, Id.Anyone), new(Perms.Read, new Id("digest", "nohash"))];

        Assert.Equal(KeeperErrorCode.InvalidAcl, AclValidator.FixupAcl(acl, [Digest], out var fixedAcl));
        Assert.Empty(fixedAcl);
    }
}
