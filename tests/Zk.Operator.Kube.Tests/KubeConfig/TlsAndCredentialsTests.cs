using System.Net.Security;
using Zk.Operator.Kube.KubeConfig;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.KubeConfig;

public sealed class TlsAndCredentialsTests
{
    [Fact]
    public async Task A_client_trusting_the_cluster_ca_talks_https_and_sends_the_bearer_token()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var serverCertificate = TestCertificates.CreateServer(ca);
        await using var server = await FakeKubeApiServer.StartAsync(serverCertificate: serverCertificate);
        var config = new KubeClientConfig
        {
            Server = server.BaseAddress,
            CertificateAuthority = [ca],
            Token = new StaticTokenSource("sa-token"),
        };
        using var client = KubeApiClient.Create(config);

        var list = await client.ListAsync(ResourceType.Pod, "zk");

        Assert.Equal("https", server.BaseAddress.Scheme);
        Assert.Empty(list.Items);
        Assert.Equal("Bearer sa-token", server.LastAuthorization);
    }

    [Fact]
    public async Task A_client_certificate_from_kubeconfig_pem_is_presented_in_the_handshake()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var serverCertificate = TestCertificates.CreateServer(ca);
        await using var server = await FakeKubeApiServer.StartAsync(serverCertificate: serverCertificate, requireClientCertificate: true);
        var (certificatePem, keyPem) = TestCertificates.CreateClientPem("kind-admin");
        using var clientCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificatePem, keyPem);
        using var client = KubeApiClient.Create(new KubeClientConfig { Server = server.BaseAddress, CertificateAuthority = [ca], ClientCertificate = clientCertificate });

        await client.ListAsync(ResourceType.ConfigMap, "zk");

        Assert.Contains("CN=kind-admin", server.LastClientCertificateSubject, StringComparison.Ordinal);
        Assert.Null(server.LastAuthorization);
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var impostorCa = TestCertificates.CreateAuthority("impostor-ca");
        using var serverCertificate = TestCertificates.CreateServer(impostorCa);
        await using var server = await FakeKubeApiServer.StartAsync(serverCertificate: serverCertificate);
        using var client = KubeApiClient.Create(
            new KubeClientConfig { Server = server.BaseAddress, CertificateAuthority = [ca] },
            new KubeApiClientOptions { MaxAttempts = 1 });

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(ResourceType.Pod, "zk"));

        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Certificate_validation_follows_the_configured_trust()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var otherCa = TestCertificates.CreateAuthority("other-ca");
        using var leaf = TestCertificates.CreateServer(ca);
        var server = new Uri("https://127.0.0.1");

        Assert.True(KubeHttpHandlerFactory.ValidateServerCertificate(new KubeClientConfig { Server = server, CertificateAuthority = [ca] }, leaf, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(KubeHttpHandlerFactory.ValidateServerCertificate(new KubeClientConfig { Server = server, CertificateAuthority = [otherCa] }, leaf, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(KubeHttpHandlerFactory.ValidateServerCertificate(new KubeClientConfig { Server = server, CertificateAuthority = [ca] }, leaf, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.True(KubeHttpHandlerFactory.ValidateServerCertificate(new KubeClientConfig { Server = server, InsecureSkipTlsVerify = true }, leaf, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(KubeHttpHandlerFactory.ValidateServerCertificate(new KubeClientConfig { Server = server }, leaf, SslPolicyErrors.RemoteCertificateChainErrors));
    }
}
