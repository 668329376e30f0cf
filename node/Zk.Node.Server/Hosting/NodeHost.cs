using System.Net;
using System.Security.Cryptography;
using Zk.Node.Core.Server;
using Zk.Node.Server.Admin;
using Zk.Node.Server.Config;
using Zk.Node.Server.FourLetterWords;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Metrics;
using Zk.Node.Server.Network;
using Zk.Node.Server.Quorum;
using Zk.Node.Storage;
using Zk.Node.Storage.Snapshots;
using Zk.Node.Storage.TxnLog;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// Wires a node: recover from disk, then serve clients, four-letter words, admin and metrics. With server.N lines
/// (<see cref="ServerConfig.IsEnsemble"/>) the core thread runs an ensemble member (<see cref="EnsembleHost"/>)
/// instead of the standalone <see cref="ServerCore"/>.
/// </summary>
internal sealed class NodeHost(ServerConfig config, IReadOnlyDictionary<string, string> saslUsers, TimeProvider time, NodeLog log)
{
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        long startedMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var options = CoreOptionsFrom(config, saslUsers);

        using var storage = NodeStorage.Open(
            new StorageOptions
            {
                DataDir = config.DataDir,
                DataLogDir = config.DataLogDir,
                PreAllocSizeKb = config.PreAllocSizeKb,
                ForceSync = config.ForceSync,
                CutDamagedTail = config.IsEnsemble,
                SnapRetainCount = config.SnapRetainCount,
                MaxRecordBytes = Math.Max(4 * 1024 * 1024, 4 * config.JuteMaxBuffer),
                Time = time,
            },
            log.For("storage"));

        // jute.maxbuffer bounds the whole request frame, as in ZooKeeper's NIOServerCnxn ("Len error" closes the
        // connection): data of exactly jute.maxbuffer bytes does not fit once the header and path are counted.
        var limits = new ClientLimits
        {
            MaxFrameLength = config.JuteMaxBuffer,
            MaxConnectionsPerHost = config.MaxClientCnxns,
            MaxConnections = config.MaxCnxns,
            ConnectTimeout = TimeSpan.FromMilliseconds(config.SessionlessCnxnTimeoutMs),
            MaxQueuedOutputBytes = config.ClientMaxQueuedOutputBytes,
            MaxOutstandingRequests = config.GlobalOutstandingLimit,
        };
        var loop = new CoreLoop(time, log.For("core"), limits);
        var logWriter = new TxnLogWriter(storage.Log, loop, log.For("txnlog"));
        void Purge()
        {
            var purged = storage.Purge(config.SnapRetainCount);
            if (purged.DeletedSnapshots.Count + purged.DeletedLogs.Count > 0)
            {
                log.Info($"purged {purged.DeletedSnapshots.Count} snapshots and {purged.DeletedLogs.Count} log files");
            }
        }

        var snapshotWriter = new SnapshotWriter(storage.Snapshots, Purge, log.For("snapshot"));
        var node = new NodeInfo(startedMs, config.IsEnsemble ? "looking" : "standalone", options.Version);
        await using var ensemble = config.IsEnsemble
            ? await EnsembleHost.StartAsync(config, options, storage, loop, logWriter, snapshotWriter, node, time, log, stopping).ConfigureAwait(false)
            : null;
        if (ensemble is null)
        {
            var core = new ServerCore(options, startedMs);
            Recover(core, storage.Snapshots, storage.Log);
            logWriter.Start();
            loop.Start(new StandaloneDriver(core, logWriter, snapshotWriter));
        }

        // An ensemble reports the membership it runs under (a reconfig may have changed the server.N lines').
        FourLetterContext Context() => new(loop.Core, ensemble is null ? config : config with { Servers = ensemble.Membership() }, loop, node);
        var words = new FourLetterWordRunner(loop, Context, config.FourLetterWordWhitelist);

        var listener = new ClientListener(new IPEndPoint(config.ClientPortAddress, config.ClientPort), limits, loop, words, time, log.For("net"));
        listener.Bind();
        log.Info($"serving clients on {listener.LocalEndpoint} (myid {config.ServerId}, data in {Path.GetFullPath(config.DataDir)}, {(ensemble is null ? "standalone" : "ensemble member")})");

        var endpoints = new List<HttpEndpoint>();
        if (config.AdminEnabled && config.AdminPort > 0)
        {
            endpoints.Add(new HttpEndpoint("AdminServer", config.AdminAddress, config.AdminPort, new AdminCommands(words).HandleAsync, log.For("admin")));
        }

        if (config.MetricsPort > 0)
        {
            endpoints.Add(new HttpEndpoint("metrics", config.MetricsAddress, config.MetricsPort, async path =>
                path.TrimEnd('/') == "/metrics"
                    ? HttpReply.Text(await words.QueryAsync(PrometheusText.Render))
                    : HttpReply.Json(404, """{"error":"not found"}"""), log.For("metrics")));
        }

        foreach (var endpoint in endpoints)
        {
            try
            {
                endpoint.Start();
            }
            catch (HttpListenerException e)
            {
                // As ZooKeeper's AdminServer: a port in use is reported and the node serves without it.
                log.Warn($"{endpoint.Description} not started: {e.Message}");
            }
        }

        // An ensemble member's election clock counts 10 ms ticks; standalone only needs session expiry resolution.
        int tickMs = ensemble is null ? Math.Clamp(config.TickTimeMs / 4, 10, 250) : EnsembleHost.TickMs;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(tickMs), time);
        var ticking = Task.Run(async () =>
        {
            while (await ticker.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                loop.Post(new CoreInput.Tick());
            }
        }, CancellationToken.None);

        var purging = config.PurgeIntervalHours > 0 ? PurgeLoopAsync(Purge, stopping) : Task.CompletedTask;
        await listener.AcceptLoopAsync(stopping).ConfigureAwait(false);
        log.Info("stopping");
        foreach (var endpoint in endpoints)
        {
            endpoint.Dispose();
        }

        await Task.WhenAll(ticking.ContinueWith(_ => { }, TaskScheduler.Default), purging.ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        return 0;
    }

    private void Recover(ServerCore core, SnapshotStore snapshots, TxnLog txnLog)
    {
        long fromZxid = 0;
        if (snapshots.TryReadLatestValid(out long snapshotZxid, out byte[] payload))
        {
            core.LoadSnapshot(payload);
            fromZxid = snapshotZxid;
            log.Info($"loaded snapshot at zxid 0x{snapshotZxid:x}");
        }

        int replayed = 0;
        foreach (var (_, record) in txnLog.ReadFrom(fromZxid))
        {
            core.ReplayTxn(record);
            replayed++;
        }

        log.Info($"replayed {replayed} txns; last zxid 0x{core.LastZxid:x}");
    }

    private async Task PurgeLoopAsync(Action purge, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(config.PurgeIntervalHours), time);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                purge();
            }
            catch (IOException e)
            {
                log.Warn($"purge failed: {e.Message}");
            }
        }
    }

    private static CoreOptions CoreOptionsFrom(ServerConfig config, IReadOnlyDictionary<string, string> saslUsers) => new()
    {
        ServerId = Math.Max(1, config.ServerId),
        // ZooKeeper logs a failed write as an error txn that consumes a zxid; clients see that zxid.
        ErrorTxns = true,
        TickTimeMs = config.TickTimeMs,
        MinSessionTimeoutMs = config.MinSessionTimeoutMs,
        MaxSessionTimeoutMs = config.MaxSessionTimeoutMs,
        MaxBufferLength = config.JuteMaxBuffer,
        SuperDigest = config.SuperDigest,
        SaslUsers = saslUsers,
        MaxOutstandingPerConnection = config.GlobalOutstandingLimit,
        MaxWatchesPerConnection = config.MaxWatchesPerConnection,
        SkipAcl = config.SkipAcl,
        ExtendedTypesEnabled = config.ExtendedTypesEnabled,
        ContainerCheckIntervalMs = config.ContainerCheckIntervalMs,
        // Session passwords and SASL nonces must be unpredictable, also across restarts: the OS's CSPRNG, not the seed.
        // A password travels to every member in its createSession txn, so any member can check a re-attach.
        RandomBytes = RandomNumberGenerator.Fill,
        SnapCount = config.SnapCount,
        RandomSeed = (int)config.ServerId,
    };
}
