using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Acls;

/// <summary>ZooKeeperServer.checkACL and the getACL digest masking.</summary>
public static class AclChecker
{
    /// <summary>
    /// Whether a caller holding <paramref name="authIds"/> may do something needing <paramref name="perm"/> on a
    /// node with <paramref name="acl"/>: an empty ACL allows everything; a super id allows everything;
    /// otherwise some entry granting any bit of <paramref name="perm"/> must be world:anyone or match one of
    /// the caller's ids of the same scheme (ip by address prefix; digest, sasl, x509 by equality). Other
    /// schemes (including "auth", which is only a create-time placeholder) match nothing.
    /// </summary>
    public static bool Check(IReadOnlyList<Acl> acl, Perms perm, IReadOnlyList<Id> authIds)
    {
        if (acl.Count == 0)
        {
            return true;
        }

        foreach (var authId in authIds)
        {
            if (authId.Scheme == AclSchemes.Super)
            {
                return true;
            }
        }

        foreach (var entry in acl)
        {
            if ((entry.Perms & perm) == 0)
            {
                continue;
            }

            var id = entry.Id;
            if (id.Scheme == AclSchemes.World && id.Identity == AclSchemes.Anyone)
            {
                return true;
            }

            foreach (var authId in authIds)
            {
                if (authId.Scheme == id.Scheme && Matches(id.Scheme, authId.Identity, id.Identity))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// getACL without ADMIN permission: digest ids lose their hash ("user:hash" → "user:x", Java's
    /// replaceAll(":.*", ":x")), so password hashes are not handed to readers.
    /// </summary>
    public static IReadOnlyList<Acl> MaskDigests(IReadOnlyList<Acl> acl)
    {
        var masked = new Acl[acl.Count];
        for (int i = 0; i < acl.Count; i++)
        {
            var entry = acl[i];
            if (entry.Id.Scheme == AclSchemes.Digest)
            {
                string identity = entry.Id.Identity;
                int colon = identity.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0)
                {
                    identity = identity[..colon] + ":x";
                }

                entry = entry with { Id = entry.Id with { Identity = identity } };
            }

            masked[i] = entry;
        }

        return masked;
    }

    private static bool Matches(string scheme, string callerId, string aclId) => scheme switch
    {
        AclSchemes.Ip => IpAddressMatcher.Matches(callerId, aclId),
        AclSchemes.Digest or AclSchemes.Sasl or AclSchemes.X509 => callerId == aclId,
        _ => false,
    };
}
