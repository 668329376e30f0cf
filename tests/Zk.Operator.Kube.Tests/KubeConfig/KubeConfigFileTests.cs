using System.Text;
using Zk.Operator.Kube.KubeConfig;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.KubeConfig;

public sealed class KubeConfigFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_current_context_selects_server_namespace_token_and_embedded_authority()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        var path = _dir.Write("config", $$"""
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster:
                server: https://dev.example:6443
                certificate-authority-data: {{Base64(ca.ExportCertificatePem())}}
            - name: prod-cluster
              cluster:
                server: https://prod.example:6443
            users:
            - name: dev-user
              user:
                token: dev-token
            contexts:
            - name: prod
              context: {cluster: prod-cluster, user: dev-user}
            - name: dev
              context:
                cluster: dev-cluster
                user: dev-user
                namespace: zookeeper
            """);

        var config = KubeConfigFile.Load(path);

        Assert.Equal(new Uri("https://dev.example:6443"), config.Server);
        Assert.Equal("zookeeper", config.Namespace);
        Assert.Equal("dev-token", config.Token!.GetToken());
        Assert.Equal(ca.Thumbprint, Assert.Single(config.CertificateAuthority!).Thumbprint);
        Assert.False(config.InsecureSkipTlsVerify);
        Assert.Null(config.ClientCertificate);
    }

    [Fact]
    public void An_explicit_context_wins_and_file_references_resolve_next_to_the_kubeconfig()
    {
        using var ca = TestCertificates.CreateAuthority("kind-ca");
        var (certificate, key) = TestCertificates.CreateClientPem("kind-admin");
        _dir.Write("ca.crt", ca.ExportCertificatePem());
        _dir.Write("admin.crt", certificate);
        _dir.Write("admin.key", key);
        var path = _dir.Write("config", """
            current-context: other
            clusters:
            - name: kind
              cluster:
                server: https://127.0.0.1:40000
                certificate-authority: ca.crt
            users:
            - name: admin
              user:
                client-certificate: admin.crt
                client-key: admin.key
            contexts:
            - name: kind-kind
              context:
                cluster: kind
                user: admin
            """);

        var config = KubeConfigFile.Load(path, context: "kind-kind");

        Assert.Equal(40000, config.Server.Port);
        Assert.NotNull(config.ClientCertificate);
        Assert.True(config.ClientCertificate.HasPrivateKey);
        Assert.Contains("CN=kind-admin", config.ClientCertificate.Subject, StringComparison.Ordinal);
        Assert.Single(config.CertificateAuthority!);
        Assert.Null(config.Token);
        Assert.Null(config.Namespace);
    }

    [Fact]
    public void Embedded_client_certificate_data_and_insecure_skip_verify_are_read()
    {
        var (certificate, key) = TestCertificates.CreateClientPem("embedded");
        var config = Parse($$"""
            current-context: c
            clusters:
            - name: c
              cluster: {server: "https://10.0.0.1", insecure-skip-tls-verify: true}
            users:
            - name: u
              user:
                client-certificate-data: {{Base64(certificate)}}
                client-key-data: {{Base64(key)}}
            contexts:
            - name: c
              context: {cluster: c, user: u}
            """);

        Assert.True(config.InsecureSkipTlsVerify);
        Assert.True(config.ClientCertificate!.HasPrivateKey);
        Assert.Null(config.CertificateAuthority);
    }

    [Fact]
    public void A_token_file_is_read_through_a_rereading_token_source()
    {
        _dir.Write("token", "from-file\n");
        var config = KubeConfigFile.Parse(new StringReader("""
            current-context: c
            clusters: [{name: c, cluster: {server: "https://k"}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            """), _dir.Path);

        Assert.IsType<FileTokenSource>(config.Token);
        Assert.Equal("from-file", config.Token.GetToken());
    }

    [Theory]
    [InlineData("current-context: missing\nclusters: []\ncontexts: []\n", typeof(FormatException))]
    [InlineData("clusters: []\n", typeof(FormatException))]
    [InlineData("current-context: c\nclusters: [{name: c, cluster: {}}]\ncontexts: [{name: c, context: {cluster: c}}]\n", typeof(FormatException))]
    [InlineData("current-context: c\nclusters: [{name: c, cluster: {server: 'https://k'}}]\nusers: [{name: u, user: {exec: {command: aws}}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n", typeof(NotSupportedException))]
    public void Unusable_kubeconfigs_are_rejected_with_a_clear_error(string yaml, Type expected)
    {
        var e = Record.Exception(() => Parse(yaml));

        Assert.IsType(expected, e);
    }

    [Fact]
    public void The_default_path_is_the_first_entry_of_KUBECONFIG()
    {
        var path = KubeConfigFile.DefaultPath(name => name == "KUBECONFIG" ? $"/a/config{Path.PathSeparator}/b/config" : null);

        Assert.Equal("/a/config", path);
    }

    [Fact]
    public void An_explicit_kubeconfig_path_is_used_even_inside_a_cluster()
    {
        var path = _dir.Write("explicit", """
            current-context: c
            clusters: [{name: c, cluster: {server: "https://explicit:6443"}}]
            contexts: [{name: c, context: {cluster: c, namespace: team}}]
            """);

        var config = KubeClientConfig.Load(path);

        Assert.Equal("explicit", config.Server.Host);
        Assert.Equal("team", config.Namespace);
    }

    private KubeClientConfig Parse(string yaml) => KubeConfigFile.Parse(new StringReader(yaml), _dir.Path);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
