namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// A pod's DNS names with a headless Service as its subdomain: HOST.SUB.NS.svc.cluster.local and the shorter forms
/// a pod's resolv.conf search list (NS.svc.cluster.local svc.cluster.local cluster.local) would complete.
/// </summary>
internal static class PodDns
{
    public const string ClusterDomain = "cluster.local";

    public static string[] Names(string hostname, string subdomain, string ns) => subdomain.Length == 0
        ? [hostname]
        : [$"{hostname}.{subdomain}.{ns}.svc.{ClusterDomain}", $"{hostname}.{subdomain}.{ns}.svc", $"{hostname}.{subdomain}.{ns}", $"{hostname}.{subdomain}", hostname];
}
