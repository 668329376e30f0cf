using System.Text;
using Zk.Client;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Runtime;

/// <summary>
/// The ZooKeeper-protocol side of membership: read the committed configuration (getConfig on
/// /zookeeper/config) and change it (reconfig), each over a short-lived session to the given members.
/// </summary>
public static class EnsembleAdmin
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The committed configuration, or null when no member answered or the node holds none (standalone).</summary>
    public static async Task<EnsembleConfig?> ReadConfigAsync(string connectString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var client = await ConnectAsync(connectString, timeout, deadline.Token);
            var (data, _) = await client.GetConfigAsync().WaitAsync(deadline.Token);
            string text = data is null ? string.Empty : Encoding.UTF8.GetString(data);
            var config = EnsembleConfig.Parse(text);
            return config.Servers.Count == 0 ? null : config;
        }
        catch (Exception e) when (e is KeeperException or IOException or System.Net.Sockets.SocketException or FormatException or TimeoutException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// Incremental reconfig. Throws <see cref="KeeperException"/> (e.g. NewConfigNoQuorum, ReconfigInProgress)
    /// so that the controller retries with backoff. ZooKeeper lets only a super user reconfig (WRITE on
    /// /zookeeper/config), so <paramref name="superPassword"/> authenticates as <c>digest super:&lt;password&gt;</c>.
    /// </summary>
    public static async Task<EnsembleConfig> ReconfigAsync(string connectString, string? joining, string? leaving, TimeSpan timeout, CancellationToken cancellationToken, string? superPassword = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var client = await ConnectAsync(connectString, timeout, deadline.Token);
        if (superPassword is not null)
        {
            await client.AddAuthAsync("digest", Encoding.UTF8.GetBytes("super:" + superPassword)).WaitAsync(deadline.Token);
        }

        var (config, _) = await client.ReconfigAsync(joining, leaving, null).WaitAsync(deadline.Token);
        return EnsembleConfig.Parse(Encoding.UTF8.GetString(config));
    }

    private static Task<ZkClient> ConnectAsync(string connectString, TimeSpan timeout, CancellationToken cancellationToken) =>
        ZkClient.ConnectAsync(connectString, TimeSpan.FromSeconds(10), new ZkClientOptions { ConnectAttemptTimeout = timeout }, cancellationToken);
}
