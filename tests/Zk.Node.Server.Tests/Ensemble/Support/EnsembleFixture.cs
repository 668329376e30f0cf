namespace Zk.Node.Server.Tests.Ensemble.Support;

/// <summary>One 3-voter ensemble shared by the tests of a class that do not kill members.</summary>
public sealed class EnsembleFixture : IAsyncLifetime
{
    private EnsembleProcess? _ensemble;

    public EnsembleProcess Ensemble => _ensemble ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _ensemble = await EnsembleProcess.StartAsync(voters: 3);

    public async Task DisposeAsync()
    {
        if (_ensemble is not null)
        {
            await _ensemble.DisposeAsync();
        }
    }
}
