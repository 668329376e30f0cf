using System.Buffers;
using Zk.Node.Core.Election;
using Zk.Node.Core.Quorum;
using Zk.Node.Core.Server;
using Zk.Node.Core.Sessions;
using Zk.Node.Core.Tree;
using Zk.Node.Core.Watches;
using Zk.Node.Core.Zab;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Peer;

/// <summary>
/// One ensemble member as a deterministic state machine: FastLeaderElection, ZAB (leader or learner) and the client
/// request pipeline (<see cref="ServerCore"/>). The host feeds inputs and after each one drains <see cref="TakeReady"/>,
/// applying the batch in the order <see cref="PeerReady"/> documents. See Peer/README.md.
/// </summary>
public sealed class QuorumPeer
{
    private readonly Queue<long> _unpersisted = new();
    private FastLeaderElection? _election;
    private PeerReady _ready = new();
    private Leader? _leader;
    private Learner? _learner;
    private long _electionClockMs;
    private bool _started;
    private PeerEpochs _writtenEpochs;
    private long _epochBarrier;
    private long _lookingSinceMs;

    /// <param name="epochs">acceptedEpoch and currentEpoch as read from disk (0, 0 for a new member).</param>
    public QuorumPeer(QuorumPeerOptions options, QuorumConfig config, PeerEpochs epochs, long startTimeMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        Options = options with { Core = options.Core with { ServerId = options.MyId } };
        Config = config;
        Epochs = epochs;
        _writtenEpochs = epochs;
        NowMs = startTimeMs;
        Core = NewCore(startTimeMs);
        Log = new ZabLog(Options.CommittedLogCount);
    }

    public long MyId => Options.MyId;

    public QuorumConfig Config { get; private set; }

    /// <summary>LOOKING, FOLLOWING, LEADING or OBSERVING.</summary>
    public ServerState State { get; private set; } = ServerState.Looking;

    public ZabPhase Phase { get; private set; } = ZabPhase.Election;

    /// <summary>The leader this member follows or is (once an election decided), else null.</summary>
    public long? LeaderId { get; private set; }

    public PeerEpochs Epochs { get; private set; }

    /// <summary>The last zxid in this member's log (the vote it brings to elections).</summary>
    public long LastLoggedZxid => Log.LastLogged;

    /// <summary>The last applied (committed) zxid.</summary>
    public long LastZxid => Core.LastZxid;

    /// <summary>True while this member serves reads in read-only mode (looking for a quorum, readonlymode.enabled).</summary>
    public bool IsReadOnly => Core.Mode == ServerMode.ReadOnly;

    /// <summary>True while clients are served: BROADCAST phase as leader, follower or observer.</summary>
    public bool IsServing => Phase == ZabPhase.Broadcast;

    /// <summary>Learners synced with this leader (leader only; for mntr zk_synced_followers and friends).</summary>
    public IReadOnlyList<long> SyncedLearners => _leader?.SyncedLearners ?? [];

    public DataTree Tree => Core.Tree;

    public WatchManager Watches => Core.Watches;

    public SessionTracker Sessions => Core.Sessions;

    public ServerStats Stats => Core.Stats;

    public bool HasReady => !_ready.IsEmpty || Core.HasReady;

    internal QuorumPeerOptions Options { get; }

    internal ServerCore Core { get; private set; }

    internal ZabLog Log { get; }

    internal long NowMs { get; private set; }

    internal PeerReady Ready => _ready;

    /// <summary>Everything up to this zxid is durable (what a leader's own ACK covers).</summary>
    internal long DurableZxid => _unpersisted.Count == 0 ? Log.LastLogged : _unpersisted.Peek() - 1;

    // ---------------------------------------------------------------- recovery (before Start)

    /// <summary>Loads a snapshot written by <see cref="WriteSnapshot"/> (or received in a SNAP).</summary>
    public void LoadSnapshot(ReadOnlySpan<byte> payload)
    {
        EnsureNotStarted();
        Core.LoadSnapshot(payload);
        Log.Reset(Core.LastZxid);
    }

    /// <summary>
    /// One logged txn, oldest first. Unlike standalone, it is not applied yet: whether it is committed is for the next
    /// synchronization with a leader to decide (ZAB may truncate it).
    /// </summary>
    public void ReplayTxn(ReadOnlySpan<byte> txnRecord)
    {
        EnsureNotStarted();
        var record = txnRecord.ToArray();
        long zxid = ZabPackets.ZxidOf(record);
        if (zxid > Log.LastLogged)
        {
            Log.Append(new LoggedTxn(zxid, record));
        }
    }

    /// <summary>Writes the applied (committed) state; returns the zxid it covers.</summary>
    public long WriteSnapshot(IBufferWriter<byte> output) => Core.WriteSnapshot(output);

    // ---------------------------------------------------------------- inputs

    /// <summary>Starts the first election.</summary>
    public void Start(long nowMs)
    {
        EnsureNotStarted();
        _started = true;
        Advance(nowMs);
        AdoptTreeConfig();
        _electionClockMs = NowMs;
        _lookingSinceMs = NowMs;
        Core.Mode = ServerMode.NotServing;
        _election = new FastLeaderElection(MyId, Config, MyVote(), 0, Options.Election ?? ElectionOptions.FromMilliseconds(Options.ElectionTickMs));
        _election.Start(0);
        DrainElection();
        Flush();
    }

    public void Tick(long nowMs)
    {
        EnsureStarted();
        Advance(nowMs);
        int ticks = 0;
        while (_electionClockMs + Options.ElectionTickMs <= NowMs && ticks++ < 10_000)
        {
            _electionClockMs += Options.ElectionTickMs;
            _election!.Tick();
        }

        _electionClockMs = Math.Max(_electionClockMs, NowMs - Options.ElectionTickMs);
        DrainElection();
        if (State == ServerState.Looking && Options.ReadOnlyModeEnabled && Core.Mode == ServerMode.NotServing
            && NowMs - _lookingSinceMs >= Math.Max(2000, Options.TickTimeMs))
        {
            // ZooKeeper starts its ReadOnlyZooKeeperServer after max(2 s, tickTime) without a quorum.
            Core.Mode = ServerMode.ReadOnly;
            _ready.StateChanged = true;
        }

        _leader?.Tick();
        _learner?.Tick();
        Core.Tick(NowMs);
        Flush();
    }

    /// <summary>A notification arrived on the election channel from <paramref name="fromSid"/>.</summary>
    public void ReceiveElection(long fromSid, Notification notification, long nowMs)
    {
        EnsureStarted();
        Advance(nowMs);
        _election!.Receive(fromSid, notification);
        DrainElection();
        Flush();
    }

    /// <summary>
    /// A packet arrived on the quorum connection with <paramref name="fromSid"/> (a learner's sid is in its first
    /// packet, see <see cref="SidOf"/>). Packets of one connection must arrive in order, and none from a connection
    /// after <see cref="QuorumDisconnected"/> was reported for it or a close was asked for.
    /// </summary>
    public void ReceiveQuorum(long fromSid, QuorumPacket packet, long nowMs)
    {
        EnsureStarted();
        Advance(nowMs);
        if (_leader is not null)
        {
            _leader.Receive(fromSid, packet);
        }
        else if (_learner is not null && fromSid == LeaderId)
        {
            _learner.Receive(packet);
        }

        Flush();
    }

    /// <summary>The quorum connection with <paramref name="sid"/> broke (or could not be opened).</summary>
    public void QuorumDisconnected(long sid, long nowMs)
    {
        EnsureStarted();
        Advance(nowMs);
        _leader?.Disconnected(sid);
        if (_learner is not null && sid == LeaderId)
        {
            StepDown("lost the connection to the leader");
        }

        Flush();
    }

    /// <summary>The host made every txn up to <paramref name="zxid"/> (the last of a <see cref="PeerReady.Persist"/> batch) durable.</summary>
    public void Persisted(long zxid)
    {
        EnsureStarted();
        if (_unpersisted.Contains(zxid))
        {
            while (_unpersisted.Dequeue() != zxid)
            {
            }
        }

        WriteEpochs();
        _leader?.Persisted();
        _learner?.Persisted();
        Flush();
    }

    public void Connect(ConnectionId connection, ReadOnlySpan<byte> connectPayload, string remoteAddress, long nowMs)
    {
        Advance(nowMs);
        Core.Connect(connection, connectPayload, remoteAddress, NowMs);
        Flush();
    }

    public void Receive(ConnectionId connection, ReadOnlySpan<byte> framePayload, long nowMs)
    {
        Advance(nowMs);
        Core.Receive(connection, framePayload, NowMs);
        Flush();
    }

    public void Disconnected(ConnectionId connection, long nowMs)
    {
        Advance(nowMs);
        Core.Disconnected(connection, NowMs);
        Flush();
    }

    public bool CanReceive(ConnectionId connection) => Core.CanReceive(connection);

    /// <summary>Payload bytes of client frames ready and not yet taken (this batch's and the core's).</summary>
    public long PendingClientSendBytes => _ready.ClientSendBytes + Core.PendingSendBytes;

    public PeerReady TakeReady()
    {
        Flush();
        var ready = _ready;
        _ready = new PeerReady();
        return ready;
    }

    /// <summary>The sid a learner announces in its first packet (FOLLOWERINFO/OBSERVERINFO), for hosts that accept connections.</summary>
    public static long? SidOf(QuorumPacket firstPacket)
    {
        if (firstPacket.PacketType is not (PacketType.FollowerInfo or PacketType.ObserverInfo))
        {
            return null;
        }

        try
        {
            return ZabPackets.ReadLearnerInfo(firstPacket.Data).Serverid;
        }
        catch (Protocol.Jute.JuteException)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- for Leader / Learner

    internal void Persist(LoggedTxn txn)
    {
        Log.Append(txn);
        _ready.Persist.Add(new PendingTxn(txn.Zxid, txn.Record));
        _unpersisted.Enqueue(txn.Zxid);
    }

    internal void Send(long sid, QuorumPacket packet) => _ready.Quorum.Add(new QuorumAction(sid, packet));

    internal void Close(long sid) => _ready.Quorum.Add(new QuorumAction(sid, null));

    /// <summary>
    /// Adopts new epochs. acceptedEpoch is written at once (ACKEPOCH depends on it), but a larger currentEpoch only
    /// once every txn logged so far is durable: a member that crashed with the new currentEpoch but without the log
    /// behind it would bring (newEpoch, short log) to the next election, beat members holding committed txns it lacks,
    /// and truncate them (ZOOKEEPER-4643). The NEWLEADER ack waits for the same durability, so it still follows the write.
    /// </summary>
    internal void SetEpochs(PeerEpochs epochs)
    {
        if (epochs.CurrentEpoch > _writtenEpochs.CurrentEpoch)
        {
            _epochBarrier = Math.Max(_epochBarrier, Log.LastLogged);
        }

        Epochs = epochs;
        WriteEpochs();
    }

    private void WriteEpochs()
    {
        long current = DurableZxid >= _epochBarrier ? Epochs.CurrentEpoch : _writtenEpochs.CurrentEpoch;
        var write = new PeerEpochs(current, Epochs.AcceptedEpoch);
        if (write != _writtenEpochs)
        {
            _writtenEpochs = write;
            _ready.Epochs = write;
        }
    }

    internal void SetPhase(ZabPhase phase)
    {
        if (Phase != phase)
        {
            Phase = phase;
            _ready.StateChanged = true;
        }
    }

    /// <summary>A learner truncates its log (TRUNC).</summary>
    internal void Truncate(long zxid)
    {
        Log.TruncateAfter(zxid);
        _epochBarrier = Math.Min(_epochBarrier, zxid);
        _ready.TruncateAfter = _ready.TruncateAfter is { } earlier ? Math.Min(earlier, zxid) : zxid;
        var keep = _unpersisted.Where(z => z <= zxid).ToList();
        _unpersisted.Clear();
        foreach (long z in keep)
        {
            _unpersisted.Enqueue(z);
        }
    }

    /// <summary>A learner replaces its state with the leader's snapshot (SNAP).</summary>
    internal void InstallSnapshot(long zxid, byte[] payload)
    {
        var stats = Core.Stats;
        Core = NewCore(NowMs, stats);
        Core.LoadSnapshot(payload);
        Core.Mode = ServerMode.NotServing;
        Log.Reset(Core.LastZxid);
        _unpersisted.Clear();
        _epochBarrier = Math.Min(_epochBarrier, zxid);
        AdoptTreeConfig();
        _election?.UpdateConfig(Config);
        _ready.Snapshot = new SnapshotInstall(zxid, payload);
        _ready.TruncateAfter = null;
        _ready.Persist.Clear();
    }

    /// <summary>Back to LOOKING: stop serving, drop quorum connections, start a new election round.</summary>
    internal void StepDown(string reason)
    {
        _ = reason;
        Leave();
        State = ServerState.Looking;
        LeaderId = null;
        _lookingSinceMs = NowMs;
        SetPhase(ZabPhase.Election);
        _ready.StateChanged = true;
        _election!.Restart(MyVote());
        DrainElection();
    }

    /// <summary>
    /// A committed reconfiguration designated <paramref name="leader"/> (ZooKeeper's getDesignatedLeader, sent in
    /// COMMITANDACTIVATE): leave the current leader and go straight to discovery with the designated one, or lead
    /// when that is us, without an election round. The designated leader still has to win a quorum of the new
    /// configuration in discovery; if it cannot, initLimit sends everyone back to an election.
    /// </summary>
    internal void HandOver(long leader, long zxid)
    {
        Leave();
        Begin(_election!.Designate(leader, zxid));
    }

    /// <summary>Stops leading or learning: quorum connections dropped, clients closed, the pipeline reset.</summary>
    private void Leave()
    {
        if (_leader is not null)
        {
            _leader.Close();
            _leader = null;
        }

        if (_learner is not null)
        {
            Close(_learner.LeaderSid);
            _learner = null;
        }

        Core.CloseAllConnections();
        Core.ResetPipeline();
        Core.Mode = ServerMode.NotServing;
        DrainCore();
    }

    // ---------------------------------------------------------------- plumbing

    private Vote MyVote() => new(MyId, Log.LastLogged, 0, Epochs.CurrentEpoch);

    private ServerCore NewCore(long nowMs, ServerStats? stats = null)
    {
        var core = new ServerCore(Options.Core with { ReconfigEnabled = Options.ReconfigEnabled }, nowMs, stats);
        core.ConfigApplied = ConfigApplied;
        return core;
    }

    /// <summary>A reconfig txn was applied here (committed): its configuration becomes active.</summary>
    private void ConfigApplied(long zxid, byte[] text)
    {
        if (QuorumConfig.TryParse(System.Text.Encoding.UTF8.GetString(text), out _) is { } config)
        {
            ActivateConfig(config.Version == zxid ? config : config.WithVersion(zxid));
        }
    }

    /// <summary>
    /// Makes <paramref name="config"/> the active configuration when it is newer: the election counts with it, the
    /// host is told to rewrite its dynamic file, /zookeeper/config shows it, and the leader or learner reacts (roles).
    /// </summary>
    internal void ActivateConfig(QuorumConfig config)
    {
        if (config.Version <= Config.Version)
        {
            return;
        }

        Config = config;
        _election?.UpdateConfig(config);
        _ready.ConfigChanged = config;
        Core.SetConfigNode(config);
        _leader?.ConfigActivated();
        _learner?.ConfigActivated();
    }

    /// <summary>A snapshot may carry a newer configuration than the dynamic file the host passed (crash before the rewrite).</summary>
    private void AdoptTreeConfig()
    {
        if (Core.ConfigNode() is { } fromTree && fromTree.Version > Config.Version)
        {
            Config = fromTree;
            _ready.ConfigChanged = fromTree;
        }

        Core.SetConfigNode(Config);
    }

    private void DrainElection()
    {
        while (_election!.HasReady)
        {
            var ready = _election.TakeReady();
            _ready.Election.AddRange(ready.Messages);
            if (ready.AdoptedConfig is { } adopted)
            {
                Config = adopted;
            }

            if (ready.Decision is { } decision)
            {
                Begin(decision);
            }
        }
    }

    private void Begin(ElectionDecision decision)
    {
        Core.EndReadOnly();
        DrainCore();
        State = decision.State;
        LeaderId = decision.Vote.Leader;
        _ready.StateChanged = true;
        SetPhase(ZabPhase.Discovery);
        if (decision.State == ServerState.Leading)
        {
            _leader = new Leader(this);
            _leader.Start();
        }
        else
        {
            _learner = new Learner(this, decision.Vote.Leader, decision.State == ServerState.Observing);
            _learner.Start();
        }
    }

    /// <summary>Moves the core's output into the peer's batch; a leader turns new txns into proposals.</summary>
    private void Flush()
    {
        _leader?.Flush();
        _learner?.Flush();
        DrainCore();
    }

    private void DrainCore()
    {
        while (Core.HasReady)
        {
            var ready = Core.TakeReady();
            _ready.ClientSends.AddRange(ready.Send);
            _ready.ClientCloses.AddRange(ready.Close);
            _ready.ClientFaults.AddRange(ready.Faults);
            _ready.ClientMalformed.AddRange(ready.Malformed);
            _ready.ClientSendBytes += ready.SendBytes;
            _ready.SnapshotDue |= ready.SnapshotDue;
            if (ready.Persist.Count > 0)
            {
                if (_leader is null)
                {
                    throw new InvalidOperationException("only a leader's core proposes txns");
                }

                _leader.Propose(ready.Persist);
            }
        }
    }

    private void Advance(long nowMs) => NowMs = Math.Max(NowMs, nowMs);

    private void EnsureStarted()
    {
        if (!_started)
        {
            throw new InvalidOperationException("the peer has not been started");
        }
    }

    private void EnsureNotStarted()
    {
        if (_started)
        {
            throw new InvalidOperationException("recovery happens before Start");
        }
    }
}
