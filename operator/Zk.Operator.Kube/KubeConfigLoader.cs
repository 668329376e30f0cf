using k8s;

namespace Zk.Operator.Kube;

/// <summary>
/// Where the operator finds its cluster, all parsing done by the official client (tokens, client
/// certificates, exec credential plugins, contexts): an explicit kubeconfig file; else the pod's
/// service account when running in a cluster; else the first file named by KUBECONFIG; else ~/.kube/config.
/// Every failure is one <see cref="KubeConfigurationException"/> whose message names the file.
/// </summary>
public static class KubeConfigLoader
{
    /// <param name="kubeconfig">An explicit file (--kubeconfig), or null to search.</param>
    /// <param name="environment">Reads environment variables (tests pass their own).</param>
    public static KubernetesClientConfiguration Load(string? kubeconfig, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return FromFile(kubeconfig, "--kubeconfig");
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            try
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new KubeConfigurationException($"in-cluster configuration unusable: {e.Message}", e);
            }
        }

        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            var first = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
            return first is not null
                ? FromFile(first, "KUBECONFIG")
                : throw new KubeConfigurationException($"KUBECONFIG names no readable file ('{list}')");
        }

        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var fallback = Path.Combine(home, ".kube", "config");
        return File.Exists(fallback)
            ? FromFile(fallback, "~/.kube/config")
            : throw new KubeConfigurationException(
                $"no Kubernetes configuration: not running in a cluster and no kubeconfig at {fallback} (pass --kubeconfig or set KUBECONFIG)");
    }

    private static KubernetesClientConfiguration FromFile(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new KubeConfigurationException($"kubeconfig '{path}' (from {source}) does not exist");
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KubeConfigurationException($"kubeconfig '{path}' (from {source}) is unusable: {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
