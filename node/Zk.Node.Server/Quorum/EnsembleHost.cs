using System.Globalization;
using System.Text;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Quorum;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Peer;
using Zk.Node.Server.Config;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;
using Zk.Node.Storage;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// The ensemble half of the host: recovers a <see cref="QuorumPeer"/> from the snapshot, the txn log and the epoch
/// files, opens the election channel (retrying its bind) and the quorum channel, and starts the core thread on a
/// <see cref="PeerDriver"/>. Disposing closes both channels.
/// </summary>
internal sealed class EnsembleHost : IAsyncDisposable
{
    /// <summary>How often the core thread ticks an ensemble member (FastLeaderElection's clock resolution).</summary>
    public const int TickMs = 10;

    private readonly ElectionTransport _election;
    private readonly QuorumTransport _quorum;

    private EnsembleHost(ElectionTransport election, QuorumTransport quorum, PeerDriver driver)
    {
        _election = election;
        _quorum = quorum;
        Driver = driver;
    }

    public PeerDriver Driver { get; }

    /// <summary>Core thread: the active membership as server.N entries (for conf and the admin commands).</summary>
    public IReadOnlyList<QuorumServer> Membership() =>
        [.. Driver.Peer.Config.Members.Select(m => new QuorumServer(
            $"server.{m.Id}",
            m.Id,
            m.Host,
            m.QuorumPort,
            m.ElectionPort,
            m.Role == LearnerRole.Observer,
            m.ClientHost is { } host && System.Net.IPAddress.TryParse(host, out var address) ? address : null,
            m.ClientPort))];

    public static async Task<EnsembleHost> StartAsync(
        ServerConfig config,
        CoreOptions coreOptions,
        NodeStorage storage,
        CoreLoop loop,
        TxnLogWriter logWriter,
        SnapshotWriter snapshots,
        NodeInfo node,
        TimeProvider time,
        NodeLog log,
        CancellationToken stopping)
    {
        var peerLog = log.For("peer");
        string dynamicConfigPath = DynamicConfigPath(config);
        var quorumConfig = QuorumConfigOf(config);
        if (config.DynamicConfigFile is null && File.Exists(dynamicConfigPath))
        {
            // The membership a committed reconfig made active outlives the server.N lines it started from.
            var persisted = QuorumConfig.TryParse(File.ReadAllText(dynamicConfigPath), out string? error);
            if (persisted is not null && persisted.Version > quorumConfig.Version)
            {
                peerLog.Info($"membership version 0x{persisted.Version:x} from {dynamicConfigPath} replaces the server.N lines");
                quorumConfig = persisted;
            }
            else if (persisted is null)
            {
                peerLog.Warn($"ignoring {dynamicConfigPath}: {error}");
            }
        }

        var selfSpec = quorumConfig.Find(config.ServerId)
            ?? throw new ConfigException("myid", $"{config.ServerId} is not a member (no server.{config.ServerId} line)");
        long startedMs = time.GetUtcNow().ToUnixTimeMilliseconds();

        long snapshotZxid = 0;
        byte[]? snapshot = null;
        if (storage.Snapshots.TryReadLatestValid(out long zxid, out byte[] payload))
        {
            snapshotZxid = zxid;
            snapshot = payload;
        }

        long lastLogged = Math.Max(snapshotZxid, storage.Log.LastZxid);
        var epochs = new PeerEpochs(
            storage.CurrentEpoch.TryRead(out long current) ? current : lastLogged >> 32,
            storage.AcceptedEpoch.TryRead(out long accepted) ? accepted : lastLogged >> 32);
        var peer = new QuorumPeer(
            new QuorumPeerOptions
            {
                MyId = config.ServerId,
                Core = coreOptions,
                InitLimit = config.InitLimit,
                SyncLimit = config.SyncLimit,
                ReconfigEnabled = config.ReconfigEnabled,
                StandaloneEnabled = config.StandaloneEnabled,
                ReadOnlyModeEnabled = config.ReadOnlyModeEnabled,
                ElectionTickMs = TickMs,
            },
            quorumConfig,
            epochs,
            startedMs);
        if (snapshot is not null)
        {
            peer.LoadSnapshot(snapshot);
            peerLog.Info($"loaded snapshot at zxid 0x{snapshotZxid:x}");
        }

        int replayed = 0;
        foreach (var (_, record) in storage.Log.ReadFrom(snapshotZxid))
        {
            peer.ReplayTxn(record);
            replayed++;
        }

        peerLog.Info($"recovered {replayed} logged txns after the snapshot; last logged 0x{peer.LastLoggedZxid:x}, epochs accepted {epochs.AcceptedEpoch} current {epochs.CurrentEpoch}; {quorumConfig.Voters.Count} voters, {quorumConfig.Observers.Count} observers");

        var quorumEndpoints = quorumConfig.Members.ToDictionary(s => s.Id, s => new PeerEndpoint(s.Host, s.QuorumPort));
        var driver = new PeerDriver(peer, loop, logWriter, snapshots, storage, node, quorumEndpoints, dynamicConfigPath, log.For("zab"));
        var election = new ElectionTransport(
            new ElectionTransportOptions
            {
                MySid = config.ServerId,
                Self = new PeerEndpoint(selfSpec.Host, selfSpec.ElectionPort),
                ListenOnAllIps = config.QuorumListenOnAllIps,
                BindRetries = config.ElectionPortBindRetry,
                ConnectTimeoutMs = config.CnxTimeoutMs,
            },
            quorumConfig.Members.ToDictionary(s => s.Id, s => new PeerEndpoint(s.Host, s.ElectionPort)),
            driver.ElectionMessage,
            time,
            log.For("election"));
        int initMs = config.InitLimit * config.TickTimeMs;
        var quorum = new QuorumTransport(
            new QuorumTransportOptions
            {
                MySid = config.ServerId,
                Self = new PeerEndpoint(selfSpec.Host, selfSpec.QuorumPort),
                ListenOnAllIps = config.QuorumListenOnAllIps,
                FirstPacketTimeoutMs = initMs,
                LeaderConnectDeadlineMs = initMs,
                ConnectTimeoutMs = config.CnxTimeoutMs,
            },
            driver,
            time,
            log.For("quorum"));
        driver.Election = election;
        driver.Quorum = quorum;
        node.Serving = false;
        node.ExtraMonitorValues = () => MonitorValues(driver);

        // Started before anything can post an input (votes arrive as soon as the election port listens); its first
        // notifications wait in the peer's ready batch until the core thread's first drain.
        peer.Start(time.GetUtcNow().ToUnixTimeMilliseconds());
        logWriter.Start();
        loop.Start(driver);
        loop.Post(new CoreInput.Tick());
        await election.StartAsync(stopping).ConfigureAwait(false);
        return new EnsembleHost(election, quorum, driver);
    }

    public async ValueTask DisposeAsync()
    {
        await _quorum.DisposeAsync().ConfigureAwait(false);
        await _election.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Where an activated membership is written: the zoo.cfg's dynamicConfigFile when it names one (ZooKeeper's
    /// layout), else <c>zoo.cfg.dynamic</c> in the data folder, which then wins over the server.N lines at the next start.
    /// </summary>
    public static string DynamicConfigPath(ServerConfig config) =>
        config.DynamicConfigFile ?? Path.Combine(config.DataDir, "zoo.cfg.dynamic");

    /// <summary>The membership from the server.N lines, in the dynamic-config text QuorumConfig parses.</summary>
    public static QuorumConfig QuorumConfigOf(ServerConfig config)
    {
        var text = new StringBuilder();
        foreach (var s in config.Servers.OrderBy(s => s.Id))
        {
            text.Append(CultureInfo.InvariantCulture, $"server.{s.Id}={s.Host}:{s.QuorumPort}:{s.ElectionPort}:{(s.IsObserver ? "observer" : "participant")}");
            if (s.ClientPort is int clientPort)
            {
                text.Append(CultureInfo.InvariantCulture, $";{s.ClientAddress?.ToString() ?? "0.0.0.0"}:{clientPort}");
            }

            text.Append('\n');
        }

        return QuorumConfig.Parse(text.ToString());
    }

    /// <summary>mntr's ensemble lines (ZooKeeper 3.8 names); leader-only ones only on the leader.</summary>
    private static List<(string Key, object Value)> MonitorValues(PeerDriver driver)
    {
        var peer = driver.Peer;
        var config = peer.Config;
        string state = peer.State.ToString().ToLowerInvariant();
        string peerState = peer.Phase == ZabPhase.Election ? state : $"{state} - {peer.Phase.ToString().ToLowerInvariant()}";
        var values = new List<(string, object)>
        {
            ("peer_state", peerState),
            ("quorum_size", config.Voters.Count),
        };
        if (peer.State == ServerState.Leading)
        {
            var synced = peer.SyncedLearners;
            values.Add(("learners", driver.LiveQuorumConnections));
            values.Add(("synced_followers", synced.Count(config.IsVoter)));
            values.Add(("synced_non_voting_followers", 0));
            values.Add(("synced_observers", synced.Count(id => !config.IsVoter(id))));
            values.Add(("pending_syncs", 0));
        }

        return values;
    }
}
