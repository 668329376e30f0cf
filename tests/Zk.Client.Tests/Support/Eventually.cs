using System.Diagnostics;
using System.Threading.Channels;

namespace Zk.Client.Tests.Support;

/// <summary>Waiting on conditions with a deadline, never on a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"timed out after {limit} waiting for {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The next event matching <paramref name="match"/>, skipping others.</summary>
    public static async Task<WatchedEvent> EventAsync(ZkClient client, Func<WatchedEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
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
