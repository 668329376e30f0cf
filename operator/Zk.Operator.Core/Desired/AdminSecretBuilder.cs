using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// The ensemble's admin credential. ZooKeeper lets only the super user reconfig (WRITE on /zookeeper/config), so the
/// operator needs one: a random password it generates once and keeps in this Secret. Members see only its digest (the
/// init container writes <c>DigestAuthenticationProvider.superDigest</c> into the runtime zoo.cfg, which both zknode
/// and Apache ZooKeeper read); the operator reads the password back to authenticate its reconfigs. The Secret is
/// created, never applied again, so a reconcile can not rotate the password under running members.
/// </summary>
public static class AdminSecretBuilder
{
    public const string PasswordKey = "super-password";
    public const string DigestKey = "super-digest";

    public static JsonObject Build(ZkEnsemble ensemble, EnsembleNames names, string password) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = Manifests.Metadata(ensemble, names.AdminSecret),
        ["type"] = "Opaque",
        ["data"] = new JsonObject
        {
            [PasswordKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
            [DigestKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Digest(password))),
        },
    };

    /// <summary>ZooKeeper's superDigest for <paramref name="password"/>: <c>super:base64(sha1("super:" + password))</c>.</summary>
    public static string Digest(string password) =>
        "super:" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes("super:" + password)));

    /// <summary>The password stored in a Secret built by <see cref="Build"/>, or null when it holds none.</summary>
    public static string? PasswordOf(JsonObject secret) =>
        (string?)secret["data"]?[PasswordKey] is { Length: > 0 } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : null;
}
