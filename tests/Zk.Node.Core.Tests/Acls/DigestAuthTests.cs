using Zk.Node.Core.Acls;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Acls;

public sealed class DigestAuthTests
{
    /// <summary>Known answers from ZooKeeper 3.8.0's DigestAuthenticationProvider.generateDigest.</summary>
    [Theory]
    [InlineData("super:test", "super:D/InIHSb7yEEbrWz8b9l71RjZJU=")]
    [InlineData("user:pass", "user:smGaoVKd/cQkjm7b88GyorAUz20=")]
    [InlineData("user:pa:ss", "user:eGYxmOtrfaj/35Fq9lW7ol9psVU=")]
    [InlineData("nocolon", "nocolon:Ra+cHr2ZoHvBjtNArFGNGlVie4g=")]
    [InlineData("\u00fcser:p\u00e4ss", "\u00fcser:vded1Ovo1VwX+Ij5npqXFLuyBs4=")]
    public void Digest_matches_ZooKeeper(string credentials, string expected) =>
        Assert.Equal(expected, DigestAuth.Digest(credentials));

    /// <summary>Answers from ZooKeeper 3.8.0's DigestAuthenticationProvider.isValid.</summary>
    [Theory]
    [InlineData("user:hash", true)]
    [InlineData(":hash", true)]
    [InlineData("user", false)]
    [InlineData("user:", false)]
    [InlineData("a:b:c", false)]
    [InlineData("a::", false)]
    [InlineData("::b", false)]
    [InlineData("", false)]
    public void Digest_acl_ids_need_exactly_two_parts(string id, bool valid) => Assert.Equal(valid, DigestAuth.IsValidId(id));

    [Fact]
    public void Super_password_grants_super_then_the_digest_id()
    {
        string superDigest = DigestAuth.Digest("super:test");

        Assert.Equal([new Id("super", ""), new Id("digest", superDigest)], DigestAuth.Authenticate("super:test", superDigest));
        Assert.Equal([new Id("digest", DigestAuth.Digest("super:wrong"))], DigestAuth.Authenticate("super:wrong", superDigest));
        Assert.Equal([new Id("digest", "user:smGaoVKd/cQkjm7b88GyorAUz20=")], DigestAuth.Authenticate("user:pass", superDigest: null));
    }
}
