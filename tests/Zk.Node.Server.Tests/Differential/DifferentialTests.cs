using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Differential;

/// <summary>
/// The same scripted request sequences go to Apache ZooKeeper 3.8 and to zknode, each freshly started; the
/// normalised transcripts (replies, error codes, stats, watch events and their order) must be identical.
/// Where they differ, ZooKeeper is right.
/// </summary>
public sealed class DifferentialTests
{
    public static TheoryData<string> Scenarios() => new(DifferentialScenarios.All.Keys);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Zknode_answers_like_Apache_ZooKeeper(string scenario)
    {
        string expected = await RunAsync(ServerKind.ApacheZooKeeper, scenario);
        string actual = await RunAsync(ServerKind.ZkNode, scenario);
        if (expected != actual)
        {
            string[] e = expected.Split('\n');
            string[] a = actual.Split('\n');
            int first = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"transcripts differ at line {first + 1}\n--- ZooKeeper 3.8 ---\n{expected}\n--- zknode ---\n{actual}");
        }
    }

    private static async Task<string> RunAsync(ServerKind kind, string scenario)
    {
        string config = DifferentialScenarios.Config.TryGetValue(scenario, out var make) ? make() : "";
        await using var server = await ServerProcess.StartAsync(kind, config, myid: config.Contains("server.1=", StringComparison.Ordinal) ? 1 : null);
        var transcript = new Transcript();
        await using (var script = new Script(transcript, server.ClientPort))
        {
            await DifferentialScenarios.All[scenario](script);
        }

        return transcript.ToString();
    }
}
