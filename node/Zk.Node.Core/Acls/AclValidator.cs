using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Acls;

/// <summary>PrepRequestProcessor.fixupACL: the ACL a create or setACL actually stores.</summary>
public static class AclValidator
{
    /// <summary>
    /// Drops duplicate entries (first wins); rejects an empty list; keeps world:anyone; expands each
    /// "auth" entry into one entry per authenticated id of the caller with that entry's perms (ids of
    /// the digest, sasl and x509 schemes — not ip, not super), rejecting it when there is none; keeps
    /// ip and digest (and sasl/x509) entries whose ids are well formed; rejects every other scheme.
    /// </summary>
    /// <returns>Ok with <paramref name="fixedAcl"/> set, or InvalidAcl (and an empty list).</returns>
    public static KeeperErrorCode FixupAcl(IReadOnlyList<Acl>? acl, IReadOnlyList<Id> authIds, out IReadOnlyList<Acl> fixedAcl)
    {
        fixedAcl = [];
        if (acl is null || acl.Count == 0)
        {
            return KeeperErrorCode.InvalidAcl;
        }

        var unique = new List<Acl>(acl.Count);
        foreach (var entry in acl)
        {
            if (!unique.Contains(entry))
            {
                unique.Add(entry);
            }
        }

        var result = new List<Acl>(unique.Count);
        foreach (var entry in unique)
        {
            var id = entry.Id;
            if (id.Scheme == AclSchemes.World && id.Identity == AclSchemes.Anyone)
            {
                result.Add(entry);
            }
            else if (id.Scheme == AclSchemes.Auth)
            {
                bool any = false;
                foreach (var authId in authIds)
                {
                    if (IsAuthenticatedScheme(authId.Scheme))
                    {
                        any = true;
                        result.Add(new Acl(entry.Perms, authId));
                    }
                }

                if (!any)
                {
                    return KeeperErrorCode.InvalidAcl;
                }
            }
            else if (IsValidId(id))
            {
                result.Add(entry);
            }
            else
            {
                return KeeperErrorCode.InvalidAcl;
            }
        }

        fixedAcl = result;
        return KeeperErrorCode.Ok;
    }

    /// <summary>ServerAuthenticationProvider.isValid for the providers a server has.</summary>
    public static bool IsValidId(Id id) => id.Scheme switch
    {
        AclSchemes.Ip => IpAddressMatcher.IsValid(id.Identity),
        AclSchemes.Digest => DigestAuth.IsValidId(id.Identity),
        AclSchemes.Sasl or AclSchemes.X509 => id.Identity.Length > 0,
        _ => false,
    };

    /// <summary>ServerAuthenticationProvider.isAuthenticated: ip is an address, not an authentication; super has no provider.</summary>
    private static bool IsAuthenticatedScheme(string scheme) =>
        scheme is AclSchemes.Digest or AclSchemes.Sasl or AclSchemes.X509;
}
