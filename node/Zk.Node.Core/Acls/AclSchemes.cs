namespace Zk.Node.Core.Acls;

/// <summary>Scheme names of ZooKeeper's authentication providers.</summary>
public static class AclSchemes
{
    public const string World = "world";
    public const string Anyone = "anyone";
    public const string Auth = "auth";
    public const string Digest = "digest";
    public const string Ip = "ip";
    public const string Super = "super";
    public const string Sasl = "sasl";
    public const string X509 = "x509";
}
