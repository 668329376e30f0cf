using Zk.Node.Core.Tree;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Tree;

public sealed class AclCacheTests
{
    private static readonly IReadOnlyList<Acl> IpAcl = [new(Perms.Read, new Id("ip", "10.0.0.1"))];

    [Fact]
    public void Equal_lists_share_one_entry_with_a_reference_per_node()
    {
        var tree = new DataTree();
        int builtIn = tree.Acls.Count;

        tree.CreateNode("/a", null, [.. IpAcl], 0, -1, 1, 0);
        tree.CreateNode("/b", null, [.. IpAcl], 0, -1, 2, 0);

        tree.TryGetNode("/a", out var a);
        tree.TryGetNode("/b", out var b);
        Assert.Equal(a!.AclId, b!.AclId);
        Assert.Equal(builtIn + 1, tree.Acls.Count);
        Assert.Equal(2, tree.Acls.ReferenceCount(a.AclId));
    }

    [Fact]
    public void A_list_is_dropped_when_its_last_node_goes()
    {
        var tree = new DataTree();
        int builtIn = tree.Acls.Count;
        tree.CreateNode("/a", null, IpAcl, 0, -1, 1, 0);
        tree.CreateNode("/b", null, IpAcl, 0, -1, 2, 0);
        tree.TryGetNode("/a", out var a);
        long id = a!.AclId;

        tree.DeleteNode("/a", 3);
        Assert.True(tree.Acls.Contains(id));

        tree.SetAcl("/b", Acl.OpenAclUnsafe, 1);
        Assert.False(tree.Acls.Contains(id));
        Assert.Equal(builtIn + 1, tree.Acls.Count);
        Assert.Throws<InvalidOperationException>(() => tree.Acls.Get(id));
    }

    [Fact]
    public void Order_matters_as_in_Javas_List_equals()
    {
        var tree = new DataTree();
        IReadOnlyList<Acl> forward = [new(Perms.Read, Id.Anyone), new(Perms.All, new Id("ip", "10.0.0.1"))];
        IReadOnlyList<Acl> backward = [forward[1], forward[0]];

        tree.CreateNode("/a", null, forward, 0, -1, 1, 0);
        tree.CreateNode("/b", null, backward, 0, -1, 2, 0);

        tree.TryGetNode("/a", out var a);
        tree.TryGetNode("/b", out var b);
        Assert.NotEqual(a!.AclId, b!.AclId);
        Assert.Equal(backward, tree.GetAcl(b));
    }

    [Fact]
    public void Null_acl_is_the_implicit_open_acl()
    {
        var tree = new DataTree();
        tree.CreateNode("/a", null, null, 0, -1, 1, 0);

        tree.TryGetNode("/a", out var a);
        Assert.Equal(AclCache.OpenUnsafeAclId, a!.AclId);
        Assert.Equal(Acl.OpenAclUnsafe, tree.GetAcl(a));
    }
}
