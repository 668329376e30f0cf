using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Interop;

/// <summary>
/// A SASL client against a server with no SASL users, compared with Apache ZooKeeper 3.8 without a JAAS file. ZooKeeper
/// answers each SASL step OK with a null token and does not count SASL packets as session activity: kazoo keeps
/// answering until its session expires and then reports AuthFailedError; the Java client raises an AuthFailed event
/// and carries on without SASL.
/// </summary>
public sealed class SaslWithoutUsersTests
{
    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task Kazoo_sees_an_auth_failure_instead_of_retrying_forever(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind);
        string script = Path.Combine(server.Directory, "sasl_client.py");
        await File.WriteAllTextAsync(script, $$"""
            from kazoo.client import KazooClient
            from kazoo.exceptions import AuthFailedError
            zk = KazooClient(hosts="{{server.Hosts}}", timeout=4, connection_retry={"max_tries": 1},
                             sasl_options={"mechanism": "DIGEST-MD5", "username": "bob", "password": "bobsecret"})
            zk.start(timeout=20)
            try:
                zk.exists("/")
                print("OUTCOME served")
            except AuthFailedError:
                print("OUTCOME AuthFailedError")
            finally:
                zk.stop()
            """);

        var result = await ProcessRunner.RunAsync(Binaries.Python, [script], TimeSpan.FromSeconds(60));

        Assert.Contains("OUTCOME AuthFailedError", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task The_Java_client_gets_an_AuthFailed_event_and_keeps_its_session(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind);
        string jaas = Path.Combine(server.Directory, "client.conf");
        await File.WriteAllTextAsync(jaas, """
            Client {
                   org.apache.zookeeper.server.auth.DigestLoginModule required
                   username="bob"
                   password="bobsecret";
            };
            """);
        var env = new Dictionary<string, string> { ["CLIENT_JVMFLAGS"] = "-Djava.security.auth.login.config=" + jaas };

        var result = await ProcessRunner.RunAsync(Binaries.JavaCli, ["-server", server.Hosts, "whoami"], TimeSpan.FromSeconds(60), env);

        Assert.Contains("state:AuthFailed", result.Output, StringComparison.Ordinal);
        Assert.Contains("Auth scheme: User", result.Output, StringComparison.Ordinal);
    }
}
