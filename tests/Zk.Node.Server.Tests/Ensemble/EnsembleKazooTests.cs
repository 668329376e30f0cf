using Zk.Node.Server.Tests.Ensemble.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>The kazoo interop scenarios (Interop/scripts/kazoo_scenarios.py) with kazoo spreading over all members.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleKazooTests(EnsembleFixture fixture) : IClassFixture<EnsembleFixture>
{
    [Theory]
    [InlineData("crud")]
    [InlineData("sequential_ephemeral")]
    [InlineData("watches")]
    [InlineData("lock_and_queue")]
    [InlineData("transactions")]
    [InlineData("digest_acls")]
    [InlineData("session_expiry")]
    public async Task Kazoo_scenario_passes_against_the_ensemble(string scenario)
    {
        var ensemble = fixture.Ensemble;
        var result = await Kazoo.ScenarioAsync(ensemble.Hosts, scenario);
        Assert.True(result.ExitCode == 0 && result.Output.Contains("PASS", StringComparison.Ordinal), $"{scenario}: {result}\n{ensemble.Logs[^Math.Min(4000, ensemble.Logs.Length)..]}");
    }
}
