using System.Diagnostics;
using Zk.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Bench;

/// <summary>
/// Drives one workload: <see cref="LoadSettings.Connections"/> sessions, each with <see cref="LoadSettings.Depth"/>
/// closed-loop workers (so that many requests are in flight per connection). A warm-up phase runs first and is
/// not measured; then every completed operation's latency goes into a per-worker histogram, and the server's
/// CPU time is sampled at both ends of the measured phase.
/// </summary>
internal static class LoadGenerator
{
    private const int Warmup = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;

    public static async Task<LoadResult> RunAsync(
        string serverName, string connectString, Workload workload, LoadSettings settings, IReadOnlyList<int> serverPids, CancellationToken cancellationToken)
    {
        var random = new Random(settings.Seed);
        byte[] data = new byte[settings.DataBytes];
        random.NextBytes(data);
        string root = $"/zk-bench-{workload.ToString().ToLowerInvariant()}-{Environment.ProcessId}-{Environment.TickCount64}";
        string[] keys = await PrepareAsync(connectString, root, data, workload, settings, cancellationToken);

        // Connection i starts at host i of the connect string, so an ensemble's members share the clients.
        string[] hosts = connectString.Split(',');
        var clients = await Task.WhenAll(Enumerable.Range(0, settings.Connections)
            .Select(i => string.Join(',', hosts.Skip(i % hosts.Length).Concat(hosts.Take(i % hosts.Length))))
            .Select(rotated => ZkClient.ConnectAsync(rotated, settings.SessionTimeout, cancellationToken)));
        try
        {
            var run = new Run(workload, settings, keys, data, root + "/c/n-");
            int workerCount = settings.Connections * settings.Depth;
            var workers = clients
                .SelectMany((client, c) => Enumerable.Range(0, settings.Depth).Select(d => new Worker(run, client, settings.Seed + (c * settings.Depth) + d + 1, (c * settings.Depth) + d, workerCount)))
                .ToArray();
            var tasks = workers.Select(w => Task.Run(w.RunAsync, CancellationToken.None)).ToArray();

            await Task.Delay(settings.Warmup, cancellationToken);
            double? cpuBefore = SumCpu(serverPids);
            long started = Stopwatch.GetTimestamp();
            run.MeasureFrom = started;
            Volatile.Write(ref run.Phase, Measuring);

            if (settings.Operations is null)
            {
                await Task.WhenAny(Task.Delay(settings.Duration, cancellationToken), Task.WhenAll(tasks));
            }
            else
            {
                await Task.WhenAll(tasks);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            double? cpuAfter = SumCpu(serverPids);
            Volatile.Write(ref run.Phase, Stopped);
            await Task.WhenAll(tasks);

            var latency = new LatencyHistogram();
            var writeLatency = new LatencyHistogram();
            long operations = 0;
            long errors = 0;
            foreach (var worker in workers)
            {
                latency.Add(worker.Latency);
                writeLatency.Add(worker.WriteLatency);
                operations += worker.Operations;
                errors += worker.Errors;
            }

            if (workers.FirstOrDefault(w => w.Failure is not null)?.Failure is { } failure)
            {
                throw new InvalidOperationException($"{serverName} {workload}: a worker failed", failure);
            }

            return new LoadResult(serverName, workload, settings, operations, errors, elapsed, latency, cpuAfter - cpuBefore) { WriteLatency = writeLatency };
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.CloseAsync()));
        }
    }

    /// <summary>Creates the bench root and the keys the read/update workloads pick from, pipelined in batches.</summary>
    private static async Task<string[]> PrepareAsync(string connectString, string root, byte[] data, Workload workload, LoadSettings settings, CancellationToken cancellationToken)
    {
        await using var admin = await ZkClient.ConnectAsync(connectString, settings.SessionTimeout, cancellationToken);
        await admin.CreateAsync(root, [], Acl.OpenAclUnsafe);
        if (workload == Workload.Create)
        {
            await admin.CreateAsync(root + "/c", [], Acl.OpenAclUnsafe);
            return [];
        }

        string[] keys = Enumerable.Range(0, settings.Keys).Select(i => $"{root}/k{i:D6}").ToArray();
        foreach (var batch in keys.Chunk(500))
        {
            await Task.WhenAll(batch.Select(key => admin.CreateAsync(key, data, Acl.OpenAclUnsafe)));
        }

        return keys;
    }

    private static double? SumCpu(IReadOnlyList<int> pids)
    {
        double total = 0;
        foreach (int pid in pids)
        {
            if (ProcessCpu.TotalMilliseconds(pid) is not { } cpu)
            {
                return null;
            }

            total += cpu;
        }

        return pids.Count == 0 ? null : total;
    }

    /// <summary>State shared by the workers of one run.</summary>
    private sealed class Run(Workload workload, LoadSettings settings, string[] keys, byte[] data, string createPrefix)
    {
        public int Phase = Warmup;

        public double? Rate => settings.Rate;
        public long MeasureFrom = long.MaxValue;
        public long Remaining = settings.Operations ?? long.MaxValue;

        public Workload Workload => workload;

        public bool CountsOperations => settings.Operations is not null;

        public string[] Keys => keys;

        public byte[] Data => data;

        public string CreatePrefix => createPrefix;
    }

    /// <summary>
    /// One loop: issue, await, record, repeat; closed, or paced to its share of <see cref="LoadSettings.Rate"/> (worker
    /// <paramref name="index"/> of <paramref name="count"/> starts at offset index/rate and then every count/rate).
    /// Its histogram is private, merged at the end.
    /// </summary>
    private sealed class Worker(Run run, ZkClient client, int seed, int index, int count)
    {
        private readonly Random _random = new(seed);
        private readonly long _intervalTicks = run.Rate is { } rate ? (long)(Stopwatch.Frequency * count / rate) : 0;
        private long _nextStart;

        public LatencyHistogram Latency { get; } = new();

        /// <summary>The writes among <see cref="Latency"/> (all of setData/create, the 10% of mixed).</summary>
        public LatencyHistogram WriteLatency { get; } = new();

        public long Operations { get; private set; }

        public long Errors { get; private set; }

        public Exception? Failure { get; private set; }

        public async Task RunAsync()
        {
            try
            {
                _nextStart = Stopwatch.GetTimestamp() + (_intervalTicks * index / Math.Max(1, count));
                while (true)
                {
                    int phase = Volatile.Read(ref run.Phase);
                    if (phase == Stopped || (phase == Measuring && run.CountsOperations && Interlocked.Decrement(ref run.Remaining) < 0))
                    {
                        return;
                    }

                    bool write = run.Workload switch
                    {
                        Workload.GetData => false,
                        Workload.Mixed => _random.Next(10) == 0,
                        _ => true,
                    };
                    long start = await PaceAsync();
                    bool ok = await ExecuteAsync(write);
                    long end = Stopwatch.GetTimestamp();
                    if (Volatile.Read(ref run.Phase) == Measuring && start >= run.MeasureFrom)
                    {
                        long nanos = (long)((end - start) * (1e9 / Stopwatch.Frequency));
                        Latency.Record(nanos);
                        if (write)
                        {
                            WriteLatency.Record(nanos);
                        }

                        if (ok)
                        {
                            Operations++;
                        }
                        else
                        {
                            Errors++;
                        }
                    }
                }
            }
            catch (Exception e)
            {
                Failure = e;
            }
        }

        private async Task<bool> ExecuteAsync(bool write)
        {
            try
            {
                switch (run.Workload)
                {
                    case Workload.SetData:
                        await client.SetDataAsync(RandomKey(), run.Data);
                        break;
                    case Workload.GetData:
                        await client.GetDataAsync(RandomKey());
                        break;
                    case Workload.Mixed when write:
                        await client.SetDataAsync(RandomKey(), run.Data);
                        break;
                    case Workload.Mixed:
                        await client.GetDataAsync(RandomKey());
                        break;
                    case Workload.Create:
                        await client.CreateAsync(run.CreatePrefix, run.Data, Acl.OpenAclUnsafe, CreateMode.PersistentSequential);
                        break;
                }

                return true;
            }
            catch (KeeperException)
            {
                return false;
            }
        }

        /// <summary>Closed loop: now. Open loop: waits for this worker's next slot and returns the slot (not the wake-up) time.</summary>
        private async Task<long> PaceAsync()
        {
            if (_intervalTicks == 0)
            {
                return Stopwatch.GetTimestamp();
            }

            long slot = _nextStart;
            _nextStart += _intervalTicks;
            long wait = slot - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            }

            return slot;
        }

        private string RandomKey() => run.Keys[_random.Next(run.Keys.Length)];
    }
}
