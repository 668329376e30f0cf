using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Interop;

/// <summary>Drives the server with the Java client through zkCli.sh from Debian's zookeeper package.</summary>
public sealed class JavaCliInteropTests(ServerFixture servers) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task Java_client_creates_reads_and_reports_the_stat(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        string path = $"/java-{Guid.NewGuid():N}"[..18];
        Assert.Contains($"Created {path}", await ZkCli(server, "create", path, "hello"), StringComparison.Ordinal);
        string get = await ZkCli(server, "get", "-s", path);
        Assert.Contains("hello", get, StringComparison.Ordinal);
        Assert.Contains("dataVersion = 0", get, StringComparison.Ordinal);
        Assert.Contains("dataLength = 5", get, StringComparison.Ordinal);
        Assert.Contains("ephemeralOwner = 0x0", get, StringComparison.Ordinal);
        Assert.Contains(path[1..], await ZkCli(server, "ls", "/"), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", await ZkCli(server, "delete", path), StringComparison.Ordinal);
        Assert.Contains("Node does not exist", await ZkCli(server, "get", path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task Java_client_reads_the_config_node(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        string output = await ZkCli(server, "ls", "/zookeeper");
        Assert.Contains("config", output, StringComparison.Ordinal);
        Assert.Contains("quota", output, StringComparison.Ordinal);
    }

    private static async Task<string> ZkCli(ServerProcess server, params string[] command)
    {
        var result = await ProcessRunner.RunAsync(Binaries.JavaCli, ["-server", server.Hosts, .. command], TimeSpan.FromSeconds(60));
        return result.Output;
    }
}
