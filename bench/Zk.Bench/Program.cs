using System.Globalization;

namespace Zk.Bench;

/// <summary>
/// zk-bench: a ZooKeeper load generator.
/// <code>
/// zk-bench run --connect 127.0.0.1:2181 [--workloads setData,create,getData,mixed] [--pid N] [--out DIR] [load options]
/// zk-bench compare [--zknode out/zknode/zknode] [--servers zknode,zookeeper] [--members 1] [--failover N] [--out out/bench] [load options]
/// load options: --connections 4 --depth 32 --duration 8 --warmup 2 [--ops N] --size 100 --keys 1000 --seed 42 [--rate N]
/// </code>
/// </summary>
internal static class Program
{
    private const string AllWorkloads = "setData,create,getData,mixed";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            var options = new CommandLine(args.Skip(1));
            return args[0] switch
            {
                "run" => await RunAsync(options, cancel.Token),
                "compare" => await CompareAsync(options, cancel.Token),
                _ => throw new ArgumentException($"unknown command '{args[0]}'"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"zk-bench: {e.Message}\n\n{Usage}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        string connect = options.String("connect") ?? throw new ArgumentException("--connect is required");
        var pids = options.String("pid") is { } pid ? new[] { int.Parse(pid, CultureInfo.InvariantCulture) } : [];
        string? outDir = options.String("out");
        string name = options.String("name") ?? "server";
        var settings = options.LoadSettings();
        var workloads = options.Workloads(AllWorkloads);
        options.ThrowOnUnused();

        foreach (var workload in workloads)
        {
            var result = await LoadGenerator.RunAsync(name, connect, workload, settings, pids, cancellationToken);
            Console.WriteLine(result);
            if (outDir is not null)
            {
                await SaveAsync(result, outDir);
            }
        }

        return 0;
    }

    /// <summary>
    /// Starts each server kind in turn on this machine (same zoo.cfg shape, same client settings), runs every
    /// workload against it, stops it, and prints the side-by-side table. A server that cannot start is reported
    /// and skipped; the others still run.
    /// </summary>
    private static async Task<int> CompareAsync(CommandLine options, CancellationToken cancellationToken)
    {
        string? zknode = options.String("zknode") ?? "out/zknode/zknode";
        string outDir = options.String("out") ?? "out/bench";
        int members = options.Int("members", 1);
        int failoverTrials = options.Int("failover", 0);
        var prewarm = options.Seconds("prewarm", TimeSpan.Zero);
        var servers = (options.String("servers") ?? "zknode,zookeeper")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.Parse<ServerKind>(s, ignoreCase: true))
            .ToList();
        var settings = options.LoadSettings();
        var workloads = options.Workloads(AllWorkloads);
        options.ThrowOnUnused();
        if (members < 1)
        {
            throw new ArgumentException("--members must be at least 1");
        }

        if (failoverTrials > 0 && members < 3)
        {
            throw new ArgumentException("--failover needs --members 3 (or more)");
        }

        Directory.CreateDirectory(outDir);
        var results = new List<LoadResult>();
        var failovers = new List<FailoverResult>();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in servers)
        {
            string name = Name(kind);
            if (kind == ServerKind.ZkNode && !File.Exists(zknode))
            {
                notes[name] = $"binary {zknode} not found (run `make build`); skipped";
                Console.WriteLine($"== {name}: {notes[name]}");
                continue;
            }

            if (kind == ServerKind.ZooKeeper && !File.Exists(ServerProcess.ZooKeeperJar))
            {
                notes[name] = $"{ServerProcess.ZooKeeperJar} not found; skipped";
                Console.WriteLine($"== {name}: {notes[name]}");
                continue;
            }

            string serverDir = Path.Combine(Path.GetFullPath(outDir), "servers");
            Console.WriteLine($"== {name}: starting {members} member(s) under {serverDir}");
            IReadOnlyList<ServerProcess> ensemble;
            try
            {
                ensemble = await ServerProcess.StartEnsembleAsync(kind, Path.GetFullPath(zknode), members, serverDir, TimeSpan.FromSeconds(60), cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.ComponentModel.Win32Exception)
            {
                notes[name] = $"failed to start: {e.Message.Split('\n')[0]}";
                Console.WriteLine($"== {name}: {e.Message}");
                continue;
            }

            try
            {
                string connect = string.Join(',', ensemble.Select(s => $"127.0.0.1:{s.ClientPort}"));
                if (prewarm > TimeSpan.Zero)
                {
                    // Every code path (JIT tiers of both runtimes, the quorum write path) warm before anything is
                    // measured, so the first workload of the list is not the one paying for it.
                    Console.WriteLine($"== {name}: pre-warming {string.Join(',', workloads)} for {prewarm.TotalSeconds}s each (not measured)");
                    foreach (var workload in workloads)
                    {
                        await LoadGenerator.RunAsync(name, connect, workload, settings with { Warmup = TimeSpan.Zero, Duration = prewarm, Operations = null }, [], cancellationToken);
                    }
                }

                foreach (var workload in workloads)
                {
                    try
                    {
                        var result = await LoadGenerator.RunAsync(name, connect, workload, settings, ensemble.Select(s => s.ProcessId).ToList(), cancellationToken);
                        Console.WriteLine(result);
                        results.Add(result);
                        await SaveAsync(result, outDir);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        notes[$"{name} {workload}"] = $"failed: {e.GetBaseException().Message}";
                        Console.WriteLine($"== {name} {workload}: failed: {e.GetBaseException().Message}");
                        if (ensemble.Any(s => s.HasExited))
                        {
                            break;
                        }
                    }
                }

                if (failoverTrials > 0 && ensemble.All(s => !s.HasExited))
                {
                    try
                    {
                        var failover = await FailoverProbe.RunAsync(name, ensemble, failoverTrials, cancellationToken);
                        Console.WriteLine(failover);
                        failovers.Add(failover);
                        await using var file = File.Create(Path.Combine(outDir, $"{name}-failover.json"));
                        failover.WriteJson(file);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        notes[$"{name} failover"] = $"failed: {e.GetBaseException().Message}";
                        Console.WriteLine($"== {name} failover: failed: {e}");
                    }
                }
            }
            finally
            {
                foreach (var server in ensemble)
                {
                    await server.DisposeAsync();
                }
            }
        }

        string report = ComparisonReport.Render(results, failovers, members, Name(ServerKind.ZkNode), Name(ServerKind.ZooKeeper), notes);
        Console.WriteLine();
        Console.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.txt"), report, cancellationToken);
        return results.Count > 0 || failovers.Count > 0 ? 0 : 1;
    }

    private static async Task SaveAsync(LoadResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string path = Path.Combine(outDir, $"{result.Server}-{result.Workload.ToString().ToLowerInvariant()}.json");
        await using var file = File.Create(path);
        result.WriteJson(file);
    }

    private static string Name(ServerKind kind) => kind == ServerKind.ZkNode ? "zknode" : "zookeeper";

    private const string Usage = """
        usage:
          zk-bench run --connect HOST:PORT[,HOST:PORT] [--workloads setData,create,getData,mixed] [--pid SERVER_PID] [--name LABEL] [--out DIR] [load options]
          zk-bench compare [--zknode out/zknode/zknode] [--servers zknode,zookeeper] [--members 1] [--failover N] [--out out/bench] [--workloads ...] [load options]
          --failover N      with --members 3: after the workloads, N trials of kill -9 of the leader under a light
                            write load, timing the first acknowledged write after the kill
          --workloads none  skips the load workloads (e.g. failover only)
        load options:
          --connections 4   sessions (one TCP connection each)
          --depth 32        requests in flight per connection
          --rate N          open loop: N operations per second in all, on a fixed schedule (latency from each
                            operation's scheduled start); default closed loop
          --duration 8      measured seconds (or --ops N for a fixed operation count)
          --warmup 2        unmeasured seconds first
          --prewarm 0       (compare) unmeasured seconds of every workload once before the measured runs
          --size 100        data bytes per node
          --keys 1000       pre-created nodes for getData/setData/mixed
          --seed 42
        """;
}
