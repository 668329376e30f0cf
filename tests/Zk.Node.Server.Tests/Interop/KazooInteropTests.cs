using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Interop;

/// <summary>
/// Drives the server with kazoo (python3-kazoo). Every scenario also runs against Apache ZooKeeper 3.8, which
/// proves the scenario itself is right: where the two differ, ZooKeeper is right.
/// </summary>
public sealed class KazooInteropTests(ServerFixture servers) : IClassFixture<ServerFixture>
{
    public static TheoryData<ServerKind, string> Scenarios()
    {
        var data = new TheoryData<ServerKind, string>();
        foreach (string scenario in new[] { "crud", "sequential_ephemeral", "watches", "lock_and_queue", "transactions", "digest_acls", "session_expiry" })
        {
            data.Add(ServerKind.ZkNode, scenario);
            data.Add(ServerKind.ApacheZooKeeper, scenario);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Kazoo_scenario_passes(ServerKind kind, string scenario)
    {
        var server = await servers.GetAsync(kind);
        var result = await ProcessRunner.RunAsync(Binaries.Python, [Binaries.Script("kazoo_scenarios.py"), server.Hosts, scenario], TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0 && result.Output.Contains($"PASS {scenario}", StringComparison.Ordinal), $"{kind} {scenario}: {result}\n--- server log ---\n{Tail(server.Log)}");
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
