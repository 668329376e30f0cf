using System.Security.Cryptography.X509Certificates;

namespace Zk.Operator.Kube.KubeConfig;

/// <summary>
/// Where the API server is and how to authenticate, whether it came from the pod's service account
/// (<see cref="InClusterConfig"/>) or from a kubeconfig file (<see cref="KubeConfigFile"/>).
/// </summary>
public sealed record KubeClientConfig
{
    public required Uri Server { get; init; }

    /// <summary>Roots to trust instead of the system store; null uses the system store.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    /// <summary>A client certificate with its private key (mutual TLS).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token; asked for on every request because service-account tokens rotate.</summary>
    public ITokenSource? Token { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The default namespace: the pod's own in-cluster, the context's namespace otherwise.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// What kubectl would use: an explicit kubeconfig when given, else the pod's service account
    /// when running in a cluster, else $KUBECONFIG or ~/.kube/config.
    /// </summary>
    public static KubeClientConfig Load(string? kubeconfigPath = null, string? context = null, TimeProvider? timeProvider = null)
    {
        if (kubeconfigPath is null && InClusterConfig.IsAvailable())
        {
            return InClusterConfig.Load(timeProvider: timeProvider);
        }

        return KubeConfigFile.Load(kubeconfigPath ?? KubeConfigFile.DefaultPath(), context, timeProvider);
    }
}
