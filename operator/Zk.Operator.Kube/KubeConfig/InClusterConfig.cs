using System.Security.Cryptography.X509Certificates;

namespace Zk.Operator.Kube.KubeConfig;

/// <summary>
/// The configuration of a pod with a mounted service account: the API server from
/// KUBERNETES_SERVICE_HOST/PORT, trust from ca.crt, the token from the (rotating) token file and
/// the pod's namespace.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(string serviceAccountDirectory = DefaultServiceAccountDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"))
            && File.Exists(System.IO.Path.Combine(serviceAccountDirectory, "token"));
    }

    /// <param name="environment">Reads environment variables; tests pass a dictionary lookup.</param>
    public static KubeClientConfig Load(
        string serviceAccountDirectory = DefaultServiceAccountDirectory,
        Func<string, string?>? environment = null,
        TimeProvider? timeProvider = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        }

        var tokenPath = System.IO.Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new InvalidOperationException($"not running in a cluster: {tokenPath} does not exist");
        }

        // An IPv6 service host must be bracketed in a URI.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        var caPath = System.IO.Path.Combine(serviceAccountDirectory, "ca.crt");
        X509Certificate2Collection? ca = null;
        if (File.Exists(caPath))
        {
            ca = [];
            ca.ImportFromPemFile(caPath);
        }

        var namespacePath = System.IO.Path.Combine(serviceAccountDirectory, "namespace");
        return new KubeClientConfig
        {
            Server = new Uri($"https://{authority}"),
            CertificateAuthority = ca,
            Token = new FileTokenSource(tokenPath, timeProvider: timeProvider),
            Namespace = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : null,
        };
    }
}
