using Zk.Node.Protocol.Client;

namespace Zk.Client.Tests.Support;

/// <summary>
/// A client with a session short enough to expire within a test. ZkClient.ConnectAsync allows the first handshake
/// only the session timeout (1 s here), which a loaded machine can miss: attempts are repeated until a deadline.
/// </summary>
public static class ShortSession
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static async Task<ZkClient> ConnectAsync(string connectString)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await ZkClient.ConnectAsync(connectString, Timeout);
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.ConnectionLoss && DateTime.UtcNow < limit)
            {
                // The handshake missed its one-second budget; try again.
            }
        }
    }
}
