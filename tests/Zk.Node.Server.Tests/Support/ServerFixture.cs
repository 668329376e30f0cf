namespace Zk.Node.Server.Tests.Support;

/// <summary>One zknode and one Apache ZooKeeper per test class, started lazily and shared by its tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly Dictionary<ServerKind, Task<ServerProcess>> _servers = [];
    private readonly Lock _gate = new();

    public Task<ServerProcess> GetAsync(ServerKind kind)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(kind, out var server))
            {
                server = ServerProcess.StartAsync(kind);
                _servers[kind] = server;
            }

            return server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await (await server).DisposeAsync();
        }
    }
}
