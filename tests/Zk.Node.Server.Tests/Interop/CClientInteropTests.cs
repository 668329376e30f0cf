using System.Text.RegularExpressions;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Interop;

/// <summary>Drives the server with the C client's command-line shell, cli_mt (zookeeper-bin), in batch mode.</summary>
public sealed partial class CClientInteropTests(ServerFixture servers) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task C_client_creates_sets_reads_lists_and_deletes(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        string path = $"/cclient-{Guid.NewGuid():N}"[..20];

        Assert.Matches($@"\[{path}\]: rc = 0", await Cli(server, $"create {path}"));
        Assert.Matches($@"{path}: rc = 0", await Cli(server, $"set {path} payload"));
        string get = await Cli(server, $"get {path}");
        Assert.Contains("value_len = 7", get, StringComparison.Ordinal);
        Assert.Contains("payload", get, StringComparison.Ordinal);
        Assert.Matches(@"version=1\s", get);
        Assert.Contains("\t" + path[1..], await Cli(server, "ls /"), StringComparison.Ordinal);
        Assert.Matches($@"{path}: rc = 0", await Cli(server, $"delete {path}"));
        Assert.Contains($"Error -101 for {path}", await Cli(server, $"exists {path}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServerKind.ZkNode)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task C_client_creates_sequential_nodes_with_ten_digit_suffixes(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        string parent = $"/cseq-{Guid.NewGuid():N}"[..18];
        await Cli(server, $"create {parent}");
        string first = await Cli(server, $"create +s {parent}/n-");
        string second = await Cli(server, $"create +s {parent}/n-");
        Assert.Contains($"name = {parent}/n-0000000000", first, StringComparison.Ordinal);
        Assert.Contains($"name = {parent}/n-0000000001", second, StringComparison.Ordinal);
    }

    private static async Task<string> Cli(ServerProcess server, string command)
    {
        var result = await ProcessRunner.RunAsync(Binaries.CClient, [server.Hosts, $"cmd:{command}"], TimeSpan.FromSeconds(30));
        return NoiseLines().Replace(result.Output, "");
    }

    [GeneratedRegex(@"(?m)^.*ZOO_(INFO|DEBUG|WARN).*$\n?")]
    private static partial Regex NoiseLines();
}
