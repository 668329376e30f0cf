using System.Diagnostics;
using Zk.Client;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Bench;

/// <summary>
/// Leader failover time of a running ensemble. Each trial: one writer session per member (connection i starts at
/// member i, so writes also go through followers) keeps a light write load going (one setData per session every
/// <see cref="WritePause"/>); once every writer has been acknowledged, the member whose <c>srvr</c> says
/// <c>Mode: leader</c> gets SIGKILL. The trial's result is the time from the kill to the first acknowledged write
/// that was issued after it, by any writer; a writer retries immediately on ConnectionLoss (the client reconnects
/// to the surviving members by itself) and opens a new session on SessionExpired. Then the killed member is
/// restarted and the ensemble must again have one leader and every member serving before the next trial.
/// </summary>
internal static class FailoverProbe
{
    /// <summary>Pause after each acknowledged write: keeps the load light and bounds how late a write starts after the kill.</summary>
    private static readonly TimeSpan WritePause = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan TrialTimeout = TimeSpan.FromSeconds(60);

    public static async Task<FailoverResult> RunAsync(string serverName, IReadOnlyList<ServerProcess> ensemble, int trials, CancellationToken cancellationToken)
    {
        if (ensemble.Count < 3)
        {
            throw new ArgumentException("failover needs an ensemble of at least 3 members (--members 3)");
        }

        var times = new List<double>();
        var leaders = new List<int>();
        string root = $"/zk-bench-failover-{Environment.ProcessId}-{Environment.TickCount64}";
        string connect = string.Join(',', ensemble.Select(s => $"127.0.0.1:{s.ClientPort}"));
        await using (var admin = await ZkClient.ConnectAsync(connect, TimeSpan.FromSeconds(30), cancellationToken))
        {
            await admin.CreateAsync(root, [], Acl.OpenAclUnsafe);
            for (int i = 0; i < ensemble.Count; i++)
            {
                await admin.CreateAsync($"{root}/w{i}", [], Acl.OpenAclUnsafe);
            }
        }

        for (int trial = 1; trial <= trials; trial++)
        {
            int leader = await WaitForLeaderAsync(ensemble, cancellationToken);
            var writers = Enumerable.Range(0, ensemble.Count)
                .Select(i => new Writer(string.Join(',', ensemble.Skip(i).Concat(ensemble.Take(i)).Select(s => $"127.0.0.1:{s.ClientPort}")), $"{root}/w{i}"))
                .ToArray();
            var running = writers.Select(w => Task.Run(w.RunAsync, CancellationToken.None)).ToArray();
            try
            {
                await WaitAsync(() => writers.All(w => w.Acknowledged > 0) || writers.Any(w => w.Failure is not null), "writers to get their first write acknowledged", cancellationToken);
                ThrowOnFailure(writers);

                long killedAt = Stopwatch.GetTimestamp();
                foreach (var writer in writers)
                {
                    writer.KilledAt = killedAt;
                }

                await ensemble[leader].KillAsync();
                var firstAck = await Task.WhenAny(writers.Select(w => w.FirstAckAfterKill.Task)).WaitAsync(TrialTimeout, cancellationToken);
                double ms = (await firstAck - killedAt) * 1000.0 / Stopwatch.Frequency;
                times.Add(ms);
                leaders.Add(leader + 1);
                Console.WriteLine($"{serverName,-10} failover trial {trial}: killed leader member {leader + 1}, first acknowledged write after {ms:F0} ms");
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{serverName}: no write acknowledged within {TrialTimeout.TotalSeconds:F0}s after killing member {leader + 1}");
            }
            finally
            {
                foreach (var writer in writers)
                {
                    writer.Stop();
                }

                await Task.WhenAll(running);
            }

            await ensemble[leader].RestartAsync(TrialTimeout, cancellationToken);
        }

        await WaitForLeaderAsync(ensemble, cancellationToken);
        return new FailoverResult(serverName, times, leaders);
    }

    /// <summary>Index of the one leader once every member serves (one leader, the rest followers).</summary>
    private static async Task<int> WaitForLeaderAsync(IReadOnlyList<ServerProcess> ensemble, CancellationToken cancellationToken)
    {
        int leader = -1;
        await WaitAsync(
            async () =>
            {
                var modes = await Task.WhenAll(ensemble.Select(s => s.ModeAsync(cancellationToken)));
                leader = Array.IndexOf(modes, "leader");
                return leader >= 0 && modes.Count(m => m == "leader") == 1 && modes.All(m => m is "leader" or "follower");
            },
            "the ensemble to have one leader and every member serving",
            cancellationToken);
        return leader;
    }

    private static Task WaitAsync(Func<bool> condition, string what, CancellationToken cancellationToken) =>
        WaitAsync(() => Task.FromResult(condition()), what, cancellationToken);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TrialTimeout)
            {
                throw new InvalidOperationException($"timed out after {TrialTimeout.TotalSeconds:F0}s waiting for {what}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static void ThrowOnFailure(IEnumerable<Writer> writers)
    {
        if (writers.FirstOrDefault(w => w.Failure is not null)?.Failure is { } failure)
        {
            throw new InvalidOperationException("a failover writer failed", failure);
        }
    }

    /// <summary>One session writing its own node in a loop; reports the end of its first write issued after the kill.</summary>
    private sealed class Writer(string connectString, string path)
    {
        private static readonly ZkClientOptions Options = new() { ReconnectBackoff = TimeSpan.FromMilliseconds(10), ConnectAttemptTimeout = TimeSpan.FromSeconds(2) };
        private static readonly byte[] Data = new byte[100];
        private volatile bool _stopped;
        private long _acknowledged;
        private long _killedAt = long.MaxValue;

        /// <summary>Stopwatch timestamp of the kill; long.MaxValue before it.</summary>
        public long KilledAt
        {
            get => Interlocked.Read(ref _killedAt);
            set => Interlocked.Exchange(ref _killedAt, value);
        }

        public TaskCompletionSource<long> FirstAckAfterKill { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public Exception? Failure { get; private set; }

        public void Stop() => _stopped = true;

        public async Task RunAsync()
        {
            ZkClient? client = null;
            try
            {
                while (!_stopped)
                {
                    client ??= await ConnectAsync();
                    if (client is null)
                    {
                        continue;
                    }

                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        await client.SetDataAsync(path, Data);
                    }
                    catch (KeeperException e) when (e.Code is KeeperErrorCode.ConnectionLoss or KeeperErrorCode.OperationTimeout)
                    {
                        continue;
                    }
                    catch (KeeperException e) when (e.Code is KeeperErrorCode.SessionExpired)
                    {
                        await client.DisposeAsync();
                        client = null;
                        continue;
                    }

                    long end = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _acknowledged);
                    if (start >= KilledAt)
                    {
                        FirstAckAfterKill.TrySetResult(end);
                    }

                    await Task.Delay(WritePause);
                }
            }
            catch (Exception e)
            {
                Failure = e;
            }
            finally
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        }

        /// <summary>A new session through any member, or null when none accepted one yet (retried by the caller).</summary>
        private async Task<ZkClient?> ConnectAsync()
        {
            try
            {
                return await ZkClient.ConnectAsync(connectString, TimeSpan.FromSeconds(30), Options);
            }
            catch (KeeperException e) when (e.Code is KeeperErrorCode.ConnectionLoss)
            {
                return null;
            }
        }
    }
}
