using System.Threading.Channels;

namespace Zk.Client.Tests.Support;

/// <summary>Waiting for a watch event with a deadline.</summary>
public static class WatchEvents
{
    /// <summary>The next event matching <paramref name="match"/>, skipping others.</summary>
    public static async Task<WatchedEvent> NextAsync(ZkClient client, Func<WatchedEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Zk.Testing.Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var next = await client.Events.ReadAsync(cts.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("timed out waiting for a watch event");
            throw;
        }
        catch (ChannelClosedException)
        {
            Assert.Fail($"event stream ended (state {client.State}) before the expected event");
            throw;
        }
    }
}
