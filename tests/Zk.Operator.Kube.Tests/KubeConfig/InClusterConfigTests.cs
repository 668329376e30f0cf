using Zk.Operator.Kube.KubeConfig;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.KubeConfig;

public sealed class InClusterConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_service_account_mount_and_environment_give_server_trust_token_and_namespace()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        WriteServiceAccount(ca.ExportCertificatePem());
        var env = Environment(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443"));

        var config = InClusterConfig.Load(_dir.Path, env);

        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Server);
        Assert.Equal("zk-system", config.Namespace);
        Assert.Equal("sa-token", config.Token!.GetToken());
        Assert.Equal(ca.Thumbprint, Assert.Single(config.CertificateAuthority!).Thumbprint);
        Assert.True(InClusterConfig.IsAvailable(_dir.Path, env));
    }

    [Fact]
    public void An_ipv6_service_host_is_bracketed()
    {
        WriteServiceAccount(null);

        var config = InClusterConfig.Load(_dir.Path, Environment(("KUBERNETES_SERVICE_HOST", "fd00::1"), ("KUBERNETES_SERVICE_PORT", "6443")));

        Assert.Equal("[fd00::1]", config.Server.Host);
        Assert.Equal(6443, config.Server.Port);
    }

    [Fact]
    public void Outside_a_cluster_loading_fails_and_is_not_available()
    {
        WriteServiceAccount(null);
        var env = Environment();

        Assert.Throws<InvalidOperationException>(() => InClusterConfig.Load(_dir.Path, env));
        Assert.False(InClusterConfig.IsAvailable(_dir.Path, env));
    }

    [Fact]
    public void The_token_file_is_reread_once_the_refresh_interval_has_passed()
    {
        var clock = new ManualTimeProvider();
        var path = _dir.Write("token", "first");
        var source = new FileTokenSource(path, TimeSpan.FromMinutes(1), clock);

        var initial = source.GetToken();
        File.WriteAllText(path, "rotated");
        var cached = source.GetToken();
        clock.Advance(TimeSpan.FromSeconds(61));
        var reread = source.GetToken();

        Assert.Equal(("first", "first", "rotated"), (initial, cached, reread));
    }

    [Fact]
    public void A_token_file_missing_mid_rotation_keeps_the_previous_token()
    {
        var clock = new ManualTimeProvider();
        var path = _dir.Write("token", "first");
        var source = new FileTokenSource(path, TimeSpan.FromMinutes(1), clock);
        source.GetToken();

        File.Delete(path);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("first", source.GetToken());
    }

    private void WriteServiceAccount(string? caPem)
    {
        _dir.Write("token", "sa-token\n");
        _dir.Write("namespace", "zk-system");
        if (caPem is not null)
        {
            _dir.Write("ca.crt", caPem);
        }
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
