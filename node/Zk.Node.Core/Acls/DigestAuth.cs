using System.Security.Cryptography;
using System.Text;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Acls;

/// <summary>ZooKeeper's DigestAuthenticationProvider (SHA-1, the default digestAlg).</summary>
public static class DigestAuth
{
    /// <summary>
    /// generateDigest: "user:password" → "user:" + base64(sha1(utf8("user:password"))). The hash covers
    /// the whole string; the user is everything before the first colon.
    /// </summary>
    public static string Digest(string idPassword)
    {
        int colon = idPassword.IndexOf(':', StringComparison.Ordinal);
        string user = colon < 0 ? idPassword : idPassword[..colon];
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes(idPassword));
        return user + ":" + Convert.ToBase64String(hash);
    }

    /// <summary>
    /// isValid for a digest ACL id: exactly two parts around ':' with Java's split semantics (trailing
    /// empty parts dropped), so "user:hash" and ":hash" pass, "user", "user:" and "a:b:c" do not.
    /// </summary>
    public static bool IsValidId(string id)
    {
        var parts = id.Split(':').ToList();
        while (parts.Count > 1 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts.Count == 2;
    }

    /// <summary>
    /// handleAuthentication for an auth packet with scheme "digest": the ids the connection gains —
    /// super:"" first when the digest equals <paramref name="superDigest"/> (zookeeper.DigestAuthenticationProvider.superDigest),
    /// then digest:user:hash. Digest auth never fails.
    /// </summary>
    public static IReadOnlyList<Id> Authenticate(string credentials, string? superDigest)
    {
        string digest = Digest(credentials);
        var digestId = new Id(AclSchemes.Digest, digest);
        return superDigest is not null && digest == superDigest
            ? [new Id(AclSchemes.Super, ""), digestId]
            : [digestId];
    }
}
