using System.Text;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.KubeConfig;

/// <summary>Kubeconfig files read by the official client, as the operator loads them, against the fake server over HTTPS.</summary>
public sealed class KubeConfigLoaderTests
{
    [Fact]
    public async Task A_kubeconfig_with_the_cluster_ca_and_a_token_talks_https_and_sends_the_bearer_token()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var serverCertificate = TestCertificates.CreateServer(ca);
        await using var server = await FakeKubeApiServer.StartAsync(serverCertificate: serverCertificate);
        using var dir = new TempDirectory();
        var path = dir.Write("config", Kubeconfig(server.BaseAddress, ca.ExportCertificatePem(), "user: {token: sa-token}"));

        using var client = KubernetesApi.Create(KubeConfigLoader.Load(path));
        var list = await client.ListAsync(ResourceType.Pod, "zk");

        Assert.Equal("https", server.BaseAddress.Scheme);
        Assert.Empty(list.Items);
        Assert.Equal("Bearer sa-token", server.LastAuthorization);
    }

    [Fact]
    public async Task An_exec_credential_plugin_named_in_the_kubeconfig_supplies_the_token()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var serverCertificate = TestCertificates.CreateServer(ca);
        await using var server = await FakeKubeApiServer.StartAsync(serverCertificate: serverCertificate);
        using var dir = new TempDirectory();
        var plugin = dir.Write("plugin.sh", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"from-exec\"}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var user = $"user: {{exec: {{apiVersion: client.authentication.k8s.io/v1, command: {plugin}, interactiveMode: Never}}}}";
        var path = dir.Write("config", Kubeconfig(server.BaseAddress, ca.ExportCertificatePem(), user));

        using var client = KubernetesApi.Create(KubeConfigLoader.Load(path));
        await client.ListAsync(ResourceType.ConfigMap, "zk");

        Assert.Equal("Bearer from-exec", server.LastAuthorization);
    }

    [Fact]
    public void A_missing_kubeconfig_is_one_line_naming_the_file()
    {
        var e = Assert.Throws<KubeConfigurationException>(() => KubeConfigLoader.Load("/nonexistent/kubeconfig"));

        Assert.Contains("/nonexistent/kubeconfig", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Without_a_cluster_or_a_file_the_error_says_where_it_looked()
    {
        using var home = new TempDirectory();
        var e = Assert.Throws<KubeConfigurationException>(() => KubeConfigLoader.Load(null, name => name == "HOME" ? home.Path : null));

        Assert.Contains(Path.Combine(home.Path, ".kube", "config"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_kubeconfig_is_one_line_naming_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config", "clusters: [this is: not: yaml");

        var e = Assert.Throws<KubeConfigurationException>(() => KubeConfigLoader.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static string Kubeconfig(Uri server, string caPem, string user) =>
        $$"""
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: test
          cluster: {server: "{{server.ToString().TrimEnd('/')}}", certificate-authority-data: {{Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))}}}
        users:
        - name: test
          {{user}}
        contexts:
        - name: test
          context: {cluster: test, user: test, namespace: zk}
        """;
}
