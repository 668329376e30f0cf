namespace Zk.Client.Tests.Support;

/// <summary>One Apache ZooKeeper shared by every test class in <see cref="ZooKeeperCollection"/>; each test works under its own root path.</summary>
public sealed class ZooKeeperFixture : IAsyncLifetime, IZooKeeperServer
{
    private int _roots;

    /// <summary>tickTime 500 ms: minimum session timeout 1 s, so expiry tests stay short.</summary>
    public const int TickTimeMs = 500;

    public ApacheZooKeeper Server { get; private set; } = null!;

    public string ConnectString => Server.ConnectString;

    public int Port => Server.Port;

    public async Task InitializeAsync() => Server = await ApacheZooKeeper.StartAsync(TickTimeMs);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh, unique path (not yet created) for one test.</summary>
    public string UniqueRoot(string name) => $"/{name}-{Environment.ProcessId}-{Interlocked.Increment(ref _roots)}";

    public Task<ZkClient> ConnectAsync(string? chroot = null, TimeSpan? sessionTimeout = null) =>
        ZkClient.ConnectAsync(ConnectString + chroot, sessionTimeout ?? TimeSpan.FromSeconds(10));
}
