using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Interop;

/// <summary>
/// SASL DIGEST-MD5 with the Java client (zkCli.sh) and JAAS files, the way ZooKeeper users configure it; every
/// case also runs against Apache ZooKeeper 3.8 with the same JAAS file.
/// </summary>
public sealed class JavaSaslInteropTests
{
    private const string ServerJaas = """
        Server {
               org.apache.zookeeper.server.auth.DigestLoginModule required
               user_super="adminsecret"
               user_bob="bobsecret";
        };
        """;

    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task Sasl_users_authenticate_own_sasl_acls_and_bad_passwords_fail(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, jaas: ServerJaas);
        string bob = ClientJaas(server, "bob", "bobsecret");
        string wrong = ClientJaas(server, "bob", "not-the-password");

        string whoami = await ZkCli(server, bob, "whoami");
        Assert.Contains("sasl: bob", whoami, StringComparison.Ordinal);
        Assert.Contains("SaslAuthenticated", whoami, StringComparison.Ordinal);

        Assert.Contains("Created /sasl-only", await ZkCli(server, bob, "create", "/sasl-only", "secret", "sasl:bob:cdrwa"), StringComparison.Ordinal);
        Assert.Contains("secret", await ZkCli(server, bob, "get", "/sasl-only"), StringComparison.Ordinal);
        Assert.Contains("Insufficient permission", await ZkCli(server, null, "get", "/sasl-only"), StringComparison.Ordinal);

        string refused = await ZkCli(server, wrong, "get", "/sasl-only");
        Assert.Contains("AuthFailed", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Replace("not-the-password", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string ClientJaas(ServerProcess server, string user, string password)
    {
        string path = Path.Combine(server.Directory, $"client-{user}-{password.Length}.conf");
        File.WriteAllText(path, $$"""
            Client {
                   org.apache.zookeeper.server.auth.DigestLoginModule required
                   username="{{user}}"
                   password="{{password}}";
            };
            """);
        return path;
    }

    private static async Task<string> ZkCli(ServerProcess server, string? jaas, params string[] command)
    {
        var env = new Dictionary<string, string> { ["CLIENT_JVMFLAGS"] = jaas is null ? "" : "-Djava.security.auth.login.config=" + jaas };
        return (await ProcessRunner.RunAsync(Binaries.JavaCli, ["-server", server.Hosts, .. command], TimeSpan.FromSeconds(60), env)).Output;
    }
}
