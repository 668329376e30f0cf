using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Zk.Operator.Kube.KubeConfig;

/// <summary>
/// Reads a kubeconfig (the file kubectl uses): the chosen context (current-context by default)
/// selects a cluster (server, certificate-authority[-data], insecure-skip-tls-verify) and a user
/// (token, tokenFile, client-certificate[-data], client-key[-data]). Relative paths are relative to
/// the file, as in kubectl. Exec and auth-provider plugins are not supported.
/// </summary>
public static class KubeConfigFile
{
    /// <summary>The first file in $KUBECONFIG, else ~/.kube/config.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var fromEnvironment = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }

    public static KubeClientConfig Load(string path, string? context = null, TimeProvider? timeProvider = null)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", context, timeProvider);
    }

    /// <param name="baseDirectory">What relative file references are relative to.</param>
    public static KubeClientConfig Parse(TextReader yaml, string baseDirectory, string? context = null, TimeProvider? timeProvider = null)
    {
        var stream = new YamlStream();
        stream.Load(yaml);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("kubeconfig is empty or not a mapping");
        }

        var contextName = context ?? Scalar(root, "current-context")
            ?? throw new FormatException("kubeconfig has no current-context and none was chosen");
        var contextNode = Named(root, "contexts", "context", contextName);
        var clusterName = Scalar(contextNode, "cluster") ?? throw new FormatException($"context '{contextName}' names no cluster");
        var cluster = Named(root, "clusters", "cluster", clusterName);
        var userName = Scalar(contextNode, "user");
        var user = userName is null ? null : Named(root, "users", "user", userName);

        var server = Scalar(cluster, "server") ?? throw new FormatException($"cluster '{clusterName}' has no server");
        return new KubeClientConfig
        {
            Server = new Uri(server),
            CertificateAuthority = LoadCertificateAuthority(cluster, baseDirectory),
            InsecureSkipTlsVerify = string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            ClientCertificate = user is null ? null : LoadClientCertificate(user, baseDirectory),
            Token = user is null ? null : LoadToken(user, baseDirectory, timeProvider),
            Namespace = Scalar(contextNode, "namespace"),
        };
    }

    private static X509Certificate2Collection? LoadCertificateAuthority(YamlMappingNode cluster, string baseDirectory)
    {
        var pem = Pem(cluster, "certificate-authority", baseDirectory);
        if (pem is null)
        {
            return null;
        }

        X509Certificate2Collection ca = [];
        ca.ImportFromPem(pem);
        return ca;
    }

    private static X509Certificate2? LoadClientCertificate(YamlMappingNode user, string baseDirectory)
    {
        var certificate = Pem(user, "client-certificate", baseDirectory);
        var key = Pem(user, "client-key", baseDirectory);
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new FormatException("a kubeconfig user needs both client-certificate and client-key");
        }

        return X509Certificate2.CreateFromPem(certificate, key);
    }

    private static ITokenSource? LoadToken(YamlMappingNode user, string baseDirectory, TimeProvider? timeProvider)
    {
        if (Scalar(user, "token") is { Length: > 0 } token)
        {
            return new StaticTokenSource(token);
        }

        if (Scalar(user, "tokenFile") is { Length: > 0 } tokenFile)
        {
            return new FileTokenSource(Path.Combine(baseDirectory, tokenFile), timeProvider: timeProvider);
        }

        if (user.Children.ContainsKey(new YamlScalarNode("exec")) || user.Children.ContainsKey(new YamlScalarNode("auth-provider")))
        {
            throw new NotSupportedException("kubeconfig exec and auth-provider credentials are not supported; use a token or client certificate");
        }

        return null;
    }

    /// <summary>PEM text from <c>{field}-data</c> (base64) or from the file named by <c>{field}</c>.</summary>
    private static string? Pem(YamlMappingNode node, string field, string baseDirectory)
    {
        if (Scalar(node, field + "-data") is { Length: > 0 } data)
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }

        return Scalar(node, field) is { Length: > 0 } file ? File.ReadAllText(Path.Combine(baseDirectory, file)) : null;
    }

    /// <summary>The <paramref name="inner"/> mapping of the entry called <paramref name="name"/> in list <paramref name="list"/>.</summary>
    private static YamlMappingNode Named(YamlMappingNode root, string list, string inner, string name)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(list), out var entries) && entries is YamlSequenceNode sequence)
        {
            foreach (var entry in sequence)
            {
                if (entry is YamlMappingNode mapping && Scalar(mapping, "name") == name)
                {
                    return mapping.Children.TryGetValue(new YamlScalarNode(inner), out var value) && value is YamlMappingNode body
                        ? body
                        : new YamlMappingNode();
                }
            }
        }

        throw new FormatException($"kubeconfig has no {inner} named '{name}'");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
