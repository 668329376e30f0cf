using Zk.Client;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>A client that keeps writing while members restart: the writes it saw acknowledged must all survive.</summary>
internal static class Writer
{
    /// <summary>
    /// Creates sequential nodes one at a time, retrying through connection losses (and a session that expired while
    /// its members restarted: a new one); returns the acknowledged paths.
    /// </summary>
    public static async Task<List<string>> WriteUntilStoppedAsync(string connect, string prefix, CancellationToken stop)
    {
        var acknowledged = new List<string>();
        var client = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(15));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    acknowledged.Add(await client.CreateAsync(prefix, [], Acl.OpenAclUnsafe, CreateMode.PersistentSequential));
                }
                catch (KeeperException e) when (e.Code is KeeperErrorCode.ConnectionLoss or KeeperErrorCode.OperationTimeout)
                {
                    // The member it was connected to is restarting; the client moves to another one.
                }
                catch (KeeperException e) when (e.Code is KeeperErrorCode.SessionExpired)
                {
                    await client.DisposeAsync();
                    client = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(15));
                }
            }
        }
        finally
        {
            await client.DisposeAsync();
        }

        return acknowledged;
    }
}
