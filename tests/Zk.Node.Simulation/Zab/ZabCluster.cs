using System.Buffers;
using System.Globalization;
using System.Text;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Quorum;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Checkers;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Zab;

/// <summary>
/// A deterministic ensemble of <see cref="QuorumPeer"/>s: the election channel is a lossy datagram network (delays,
/// drops, duplicates, reordering); each quorum connection is a FIFO stream that breaks on partitions and crashes
/// (both ends are told, in-flight packets are lost, as with TCP). Disks lose unsynced writes on a crash. Checkers:
/// one established leader per epoch, every member commits the same txn for a zxid, acknowledged writes survive.
/// </summary>
internal sealed class ZabCluster
{
    public const int StepMs = 10;

    private readonly Random _random;
    private readonly ZabFaults _faults;
    private readonly QuorumPeerOptions _template;
    private readonly List<SimMember> _members = [];
    private readonly HashSet<(long, long)> _cut = [];
    private readonly List<(long At, long From, long To, Notification Message)> _election = [];
    private readonly Dictionary<(long, long), QuorumLink> _links = [];

    // Links a member closed itself: what it queued before the close still arrives (TCP data before the FIN), then
    // the other end is told. Its sends the other way are lost.
    private readonly List<ClosingLink> _closing = [];
    private readonly Queue<Action> _deferred = new();
    private readonly List<SimClient> _clients = [];
    private readonly Dictionary<ConnectionId, SimClient> _byConnection = [];
    private readonly Dictionary<long, byte[]> _committed = [];
    private long _nextConnection = 1;
    private long _healAtMs = long.MaxValue;
    private bool _clientsStopped;
    private readonly StreamWriter? _trace = Environment.GetEnvironmentVariable("ZK_SIM_TRACE") is { Length: > 0 } tracePath
        ? new StreamWriter(tracePath, append: false) { AutoFlush = true }
        : null;

    private readonly Dictionary<long, string> _configs = [];
    private readonly Queue<ReconfigOp> _ops = new();
    private readonly SimAdmin _admin = new();
    private ReconfigOp? _currentOp;
    private long _nextOpMs;

    /// <param name="spares">Servers outside the initial configuration (ids after the members), started by <see cref="PlanJoin"/>.</param>
    public ZabCluster(int seed, int voters, int observers, ZabFaults faults, QuorumPeerOptions? template = null, int spares = 0)
    {
        _random = new Random(seed);
        _faults = faults;
        var text = new StringBuilder();
        for (int id = 1; id <= voters + observers; id++)
        {
            string role = id <= voters ? "participant" : "observer";
            text.Append(CultureInfo.InvariantCulture, $"server.{id}=127.0.0.{id}:2888:3888:{role};2181\n");
        }

        Config = QuorumConfig.Parse(text.ToString().TrimEnd('\n'));
        _template = template ?? new QuorumPeerOptions { MyId = 0 };
        _template = _template with
        {
            Core = _template.Core with
            {
                TickTimeMs = 100,
                RandomSeed = seed,
                SuperDigest = Zk.Node.Core.Acls.DigestAuth.Digest(SimAdmin.SuperPassword),
            },
            ReconfigEnabled = true,
            InitLimit = 10,
            SyncLimit = 5,
            ElectionTickMs = StepMs,
        };
        for (int id = 1; id <= voters + observers + spares; id++)
        {
            var member = new SimMember(id) { Started = id <= voters + observers };
            _members.Add(member);
            _clients.Add(new SimClient(id, id));
        }

        foreach (var member in _members.Where(m => m.Started))
        {
            Restart(member);
        }
    }

    public QuorumConfig Config { get; }

    public long NowMs { get; private set; }

    public IReadOnlyList<SimMember> Members => _members;

    public EstablishedLeaderChecker Leaders { get; } = new();

    public AcknowledgedWritesChecker<string> Acknowledged { get; } = new();

    public int Commits => _committed.Count;

    /// <summary>Successful reconfigs, in order, with the configuration text each answered with.</summary>
    public List<string> ReconfigResults { get; } = [];

    /// <summary>The configuration the settled leader holds (after <see cref="HealAndSettle"/>).</summary>
    public QuorumConfig? FinalConfig { get; private set; }

    /// <summary>Adds a spare server: started with the current configuration plus itself, then joined by a reconfig.</summary>
    public void PlanJoin(long id, bool observer) =>
        _ops.Enqueue(new ReconfigOp($"server.{id}={Line(id, observer)}", null, null, StartSpare: id));

    /// <summary>A non-incremental reconfig: exactly these participants (a spare among them is started first).</summary>
    public void PlanNewMembers(params long[] voters) => _ops.Enqueue(new ReconfigOp(
        null,
        null,
        string.Join(",", voters.Select(id => $"server.{id}={Line(id, observer: false)}")),
        voters.FirstOrDefault(id => !Member(id).Started) is long spare && spare != 0 ? spare : null));

    public void PlanLeave(long id) => _ops.Enqueue(new ReconfigOp(null, id.ToString(CultureInfo.InvariantCulture), null, null));

    /// <summary>Removes whoever leads when the reconfig is sent.</summary>
    public void PlanRemoveLeader() => _ops.Enqueue(new ReconfigOp(null, null, null, null, RemoveLeader: true));

    /// <summary>The leader <see cref="PlanRemoveLeader"/> removed.</summary>
    public long? RemovedLeader { get; private set; }

    /// <summary>Every role or phase change of every member, in order.</summary>
    public List<StateTransition> Transitions { get; } = [];

    public bool ReconfigsDone => _ops.Count == 0 && _currentOp is null;

    private static string Line(long id, bool observer) =>
        string.Create(CultureInfo.InvariantCulture, $"127.0.0.{id}:2888:3888:{(observer ? "observer" : "participant")};2181");

    public void Run(int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Step();
        }
    }

    /// <summary>Stops all faults, restarts crashed members and waits until every member serves under one leader with the same state.</summary>
    public void HealAndSettle(int maxSteps)
    {
        _cut.Clear();
        _clientsStopped = true;
        foreach (var member in _members.Where(m => !m.IsUp && m.Started))
        {
            Restart(member);
        }

        for (int i = 0; i < maxSteps; i++)
        {
            StepWith(ZabFaults.None);
            if (ReconfigsDone && Settled())
            {
                return;
            }
        }

        var states = string.Join(", ", _members.Where(m => m.IsUp).Select(m => $"{m.Id}:{m.Peer!.State}/{m.Peer.Phase} zxid=0x{m.Peer.LastZxid:x} logged=0x{m.Peer.LastLoggedZxid:x}"));
        throw new InvariantViolation("progress once a quorum is healthy", NowMs / StepMs, $"no settled ensemble after {maxSteps} steps: {states}");
    }

    /// <summary>Every acknowledged write is in every member's tree.</summary>
    public void CheckAcknowledgedWrites()
    {
        foreach (var member in InFinalConfig())
        {
            foreach (string path in Acknowledged.AcknowledgedWrites)
            {
                if (!member.Peer!.Tree.Exists(path))
                {
                    throw new InvariantViolation("acknowledged writes survive", NowMs / StepMs, $"{path} was acknowledged but member {member.Id} does not have it");
                }
            }
        }
    }

    private bool Settled()
    {
        var leader = _members.SingleOrDefault(m => m.IsUp && m.Peer!.State == ServerState.Leading && m.Peer.IsServing);
        if (leader is null)
        {
            return false;
        }

        var config = leader.Peer!.Config;
        var members = _members.Where(m => config.Contains(m.Id)).ToList();
        bool settled = members.All(m => m.IsUp && m.Peer!.IsServing && m.Peer.LeaderId == leader.Id && m.Peer.LastZxid == leader.Peer.LastZxid
                && m.Peer.Config.Version == config.Version)
            && members.All(m => m.Unsynced.Count == 0);
        if (settled)
        {
            FinalConfig = config;
        }

        return settled;
    }

    private IEnumerable<SimMember> InFinalConfig() => _members.Where(m => FinalConfig?.Contains(m.Id) ?? m.Started);

    private void Step() => StepWith(_faults);

    private void StepWith(ZabFaults faults)
    {
        NowMs += StepMs;
        InjectFaults(faults);

        foreach (var due in _election.Where(e => e.At <= NowMs).ToList())
        {
            _election.Remove(due);
            var to = Member(due.To);
            if (to.IsUp && !IsCut(due.From, due.To))
            {
                Trace($"E {due.From}->{due.To} {due.Message.State} leader={due.Message.Leader} zxid=0x{due.Message.Zxid:x} ee={due.Message.ElectionEpoch} pe={due.Message.PeerEpoch}");
                to.Peer!.ReceiveElection(due.From, due.Message, Now(to));
                Apply(to);
            }
        }

        foreach (var link in _links.Values.ToList())
        {
            while (_links.ContainsValue(link) && link.TryTake(NowMs, out var from, out var to, out var packet))
            {
                var member = Member(to);
                Trace($"{from}->{to} {packet.PacketType} 0x{packet.Zxid:x}");
                member.Peer!.ReceiveQuorum(from, packet, Now(member));
                Apply(member);
                Drain();
            }
        }

        DeliverClosing();

        foreach (var member in _members.Where(m => m.IsUp))
        {
            member.Peer!.Tick(Now(member));
            Apply(member);
            if (member.Unsynced.Count > 0 && _random.NextDouble() < faults.Fsync)
            {
                long last = member.Unsynced[^1].Zxid;
                Trace($"{member.Id} fsync through 0x{last:x}");
                member.Fsync();
                member.Peer.Persisted(last);
                Apply(member);
            }
        }

        Drain();
        DriveClients();
        DriveAdmin();
        Drain();
        Check();
    }

    private void InjectFaults(ZabFaults faults)
    {
        if (NowMs >= _healAtMs)
        {
            _cut.Clear();
            _healAtMs = long.MaxValue;
        }

        if (_random.NextDouble() < faults.Crash)
        {
            var member = _members[_random.Next(_members.Count)];
            if (member.IsUp)
            {
                Crash(member);
            }
            else if (member.Started)
            {
                Restart(member);
            }
        }

        foreach (var member in _members.Where(m => !m.IsUp && m.Started))
        {
            if (_random.NextDouble() < 0.01)
            {
                Restart(member);
            }
        }

        if (_random.NextDouble() < faults.Partition && _cut.Count == 0)
        {
            var isolated = _members[_random.Next(_members.Count)].Id;
            foreach (var other in _members.Where(m => m.Id != isolated))
            {
                _cut.Add(Pair(isolated, other.Id));
                Break(isolated, other.Id, notifyA: true);
            }

            _healAtMs = NowMs + _random.Next(200, 3000);
        }

        if (_random.NextDouble() < faults.ClockJump)
        {
            _members[_random.Next(_members.Count)].ClockSkewMs += _random.Next(100, 2000);
        }
    }

    private void DriveClients()
    {
        foreach (var client in _clients.Where(_ => !_clientsStopped))
        {
            var member = Member(client.MemberId);
            if (!member.IsUp || !member.Peer!.IsServing)
            {
                continue;
            }

            if (client.Connection is null)
            {
                var connection = new ConnectionId(_nextConnection++);
                client.Opened(connection);
                _byConnection[connection] = client;
                member.Peer.Connect(connection, SimClient.ConnectPayload(), "10.0.0.1:5000", Now(member));
                Apply(member);
                continue;
            }

            if (client.NextWrite() is { } frame)
            {
                member.Peer.Receive(client.Connection.Value, frame, Now(member));
                Apply(member);
            }
        }
    }

    private void Check()
    {
        foreach (var member in _members.Where(m => m.IsUp))
        {
            var peer = member.Peer!;
            if (peer.State == ServerState.Leading && peer.IsServing && peer.Epochs.CurrentEpoch != member.ReportedEpoch)
            {
                member.ReportedEpoch = peer.Epochs.CurrentEpoch;
                Leaders.Established(peer.Epochs.CurrentEpoch, member.Id, NowMs / StepMs);
            }

            foreach (var txn in Internals.Window(peer).Where(t => t.Zxid > member.CheckedZxid))
            {
                if (_committed.TryGetValue(txn.Zxid, out var other) && !other.AsSpan().SequenceEqual(txn.Record))
                {
                    throw new InvariantViolation("committed prefixes agree", NowMs / StepMs, $"member {member.Id} committed a different txn at zxid 0x{txn.Zxid:x}");
                }

                _committed[txn.Zxid] = txn.Record;
                member.CheckedZxid = txn.Zxid;
            }
        }
    }

    // ---------------------------------------------------------------- host behaviour

    private void Apply(SimMember member)
    {
        var peer = member.Peer;
        while (peer is not null && peer.HasReady && member.Peer == peer)
        {
            var ready = peer.TakeReady();
            if (ready.StateChanged)
            {
                Transitions.Add(new StateTransition(NowMs, member.Id, peer.State, peer.Phase, peer.LeaderId));
                member.StateChanges++;
                Trace($"{member.Id} state {peer.State}/{peer.Phase} leader={peer.LeaderId} epochs={peer.Epochs} logged=0x{peer.LastLoggedZxid:x} applied=0x{peer.LastZxid:x}");
            }

            if (ready.Epochs is { } e1)
            {
                Trace($"{member.Id} epochs {e1}");
            }

            if (ready.TruncateAfter is { } t)
            {
                Trace($"{member.Id} truncate after 0x{t:x}");
                member.Truncate(t);
            }

            if (ready.Snapshot is { } snap)
            {
                member.Fsync();
                member.Snapshot = snap.Payload;
                member.Truncate(snap.Zxid);
                member.DurableLog.RemoveAll(x => x.Zxid <= snap.Zxid);
            }

            if (ready.ConfigChanged is { } changed)
            {
                ConfigChanged(member, changed);
            }

            member.Unsynced.AddRange(ready.Persist);
            if (ready.Epochs is { } epochs)
            {
                member.Epochs = epochs;
            }

            foreach (var message in ready.Election)
            {
                SendElection(member.Id, message.To, message.Message);
            }

            foreach (var action in ready.Quorum)
            {
                if (action.Packet is { } packet)
                {
                    SendQuorum(member, action.Sid, packet);
                }
                else
                {
                    Close(member.Id, action.Sid);
                }
            }

            foreach (var frame in ready.ClientSends)
            {
                if (frame.Connection == _admin.Connection)
                {
                    AdminReceived(member, frame.Payload);
                    continue;
                }

                if (_byConnection.TryGetValue(frame.Connection, out var client) && client.Connection == frame.Connection
                    && client.Received(frame.Payload) is { } path)
                {
                    Acknowledged.Acknowledged(path);
                }
            }

            foreach (var closed in ready.ClientCloses)
            {
                if (closed == _admin.Connection)
                {
                    _admin.Closed();
                }

                if (_byConnection.Remove(closed, out var client) && client.Connection == closed)
                {
                    client.Closed();
                }
            }

            if (ready.SnapshotDue)
            {
                var buffer = new ArrayBufferWriter<byte>();
                long zxid = peer.WriteSnapshot(buffer);
                member.Fsync();
                member.Snapshot = buffer.WrittenSpan.ToArray();
                member.DurableLog.RemoveAll(x => x.Zxid <= zxid);
            }
        }
    }

    private void SendElection(long from, long to, Notification message)
    {
        if (_random.NextDouble() < _faults.ElectionDrop)
        {
            return;
        }

        int copies = _random.NextDouble() < _faults.ElectionDuplicate ? 2 : 1;
        for (int i = 0; i < copies; i++)
        {
            _election.Add((NowMs + (StepMs * _random.Next(1, _faults.MaxDelaySteps + 1)), from, to, message));
        }
    }

    private void SendQuorum(SimMember sender, long to, QuorumPacket packet)
    {
        var key = Pair(sender.Id, to);
        if (!_links.TryGetValue(key, out var link))
        {
            if (_closing.Exists(c => c.Closer == to && c.Other == sender.Id))
            {
                return; // written to a connection its peer already closed
            }

            bool learner = sender.Peer!.State is ServerState.Following or ServerState.Observing;
            if (!learner)
            {
                return;
            }

            if (!Member(to).IsUp || IsCut(sender.Id, to))
            {
                _deferred.Enqueue(() => Disconnected(sender.Id, to));
                return;
            }

            // Like the host, a leader hears of a learner's earlier connection closing before its new one carries anything.
            foreach (var replaced in _closing.Where(c => c.Closer == sender.Id && c.Other == to && c.LeaderId != sender.Id).ToList())
            {
                _closing.Remove(replaced);
                if (Member(to).Peer == replaced.Peer && Member(to).StateChanges == replaced.StateChanges)
                {
                    _deferred.Enqueue(() => Disconnected(to, sender.Id));
                }
            }

            link = new QuorumLink();
            _links[key] = link;
        }

        link.Add(sender.Id, to, packet, NowMs + (StepMs * _random.Next(1, _faults.MaxDelaySteps + 1)));
    }

    /// <summary>
    /// a closes its connection with b: a's queued packets are still delivered, in order, then b is told, unless a new
    /// connection between them exists by then (the host only reports closes of the live connection).
    /// </summary>
    private void Close(long a, long b)
    {
        if (_links.Remove(Pair(a, b), out var link))
        {
            link.DropFrom(b);
            var other = Member(b);
            _closing.Add(new ClosingLink(link, a, b, other.Peer, other.StateChanges, other.Peer?.LeaderId));
        }
    }

    /// <summary>
    /// Delivers what closed links still carry, while the receiving end still treats that connection as live (the
    /// host drops packets of any other connection): its peer has not restarted or changed state or phase since (a
    /// member that moves on closes its quorum connections), and no newer link between the two replaced it, unless the
    /// closed link was the receiver's connection to its leader.
    /// </summary>
    private void DeliverClosing()
    {
        foreach (var closing in _closing.ToList())
        {
            var to = Member(closing.Other);
            bool live() => to.Peer is { } peer && peer == closing.Peer && to.StateChanges == closing.StateChanges
                && !IsCut(closing.Closer, closing.Other)
                && (closing.LeaderId == closing.Closer || !_links.ContainsKey(Pair(closing.Closer, closing.Other)));
            if (!live())
            {
                _closing.Remove(closing);
                continue;
            }

            while (live() && closing.Link.TryTake(NowMs, out var from, out _, out var packet))
            {
                Trace($"{from}->{closing.Other} {packet.PacketType} 0x{packet.Zxid:x} (closing)");
                to.Peer!.ReceiveQuorum(from, packet, Now(to));
                Apply(to);
                Drain();
            }

            if (closing.Link.IsEmpty || !live())
            {
                _closing.Remove(closing);
                if (live())
                {
                    _deferred.Enqueue(() => Disconnected(closing.Other, closing.Closer));
                }
            }
        }
    }

    private sealed record ClosingLink(QuorumLink Link, long Closer, long Other, QuorumPeer? Peer, int StateChanges, long? LeaderId);

    /// <summary>Breaks the connection between a and b; b is told (and a too when the break was not a's own close).</summary>
    private void Break(long a, long b, bool notifyA)
    {
        if (!_links.Remove(Pair(a, b)))
        {
            return;
        }

        _deferred.Enqueue(() => Disconnected(b, a));
        if (notifyA)
        {
            _deferred.Enqueue(() => Disconnected(a, b));
        }
    }

    private void Disconnected(long at, long peerSid)
    {
        var member = Member(at);
        if (member.IsUp)
        {
            member.Peer!.QuorumDisconnected(peerSid, Now(member));
            Apply(member);
        }
    }

    private void Drain()
    {
        while (_deferred.TryDequeue(out var action))
        {
            action();
        }
    }

    private void Crash(SimMember member)
    {
        Trace($"{member.Id} CRASH durable=0x{(member.DurableLog.Count > 0 ? member.DurableLog[^1].Zxid : 0):x} lost={member.Unsynced.Count}");
        member.Peer = null;
        member.Unsynced.Clear();
        foreach (var other in _members.Where(m => m.Id != member.Id))
        {
            Break(member.Id, other.Id, notifyA: false);
        }

        foreach (var client in _clients.Where(c => c.MemberId == member.Id))
        {
            client.Closed();
        }

        if (_admin.Connection is not null && _admin.MemberId == member.Id)
        {
            _admin.Closed();
        }

        Drain();
    }

    private void Restart(SimMember member)
    {
        var options = _template with { MyId = member.Id };
        var config = member.ConfigText is { } text ? QuorumConfig.Parse(text) : Config;
        var peer = new QuorumPeer(options, config, member.Epochs, Now(member));
        if (member.Snapshot is { } snapshot)
        {
            peer.LoadSnapshot(snapshot);
        }

        foreach (var txn in member.DurableLog)
        {
            peer.ReplayTxn(txn.Record);
        }

        Trace($"{member.Id} RESTART epochs={member.Epochs} logged=0x{peer.LastLoggedZxid:x}");
        member.Peer = peer;
        member.CheckedZxid = Math.Min(member.CheckedZxid, peer.LastZxid);
        peer.Start(Now(member));
        Apply(member);
        Drain();
    }

    // ---------------------------------------------------------------- reconfiguration

    /// <summary>The host rewrites its dynamic file; the checker insists one version always means one configuration.</summary>
    private void ConfigChanged(SimMember member, QuorumConfig config)
    {
        string text = config.Format();
        Trace($"{member.Id} config {text.Replace('\n', ' ')}");
        if (_configs.TryGetValue(config.Version, out var other) && other != text)
        {
            throw new InvariantViolation("one configuration per version", NowMs / StepMs,
                $"member {member.Id} activated version 0x{config.Version:x} as [{text}] but another member has [{other}]");
        }

        if (member.ConfigText is { } previous && QuorumConfig.Parse(previous).Version > config.Version)
        {
            throw new InvariantViolation("configurations only move forward", NowMs / StepMs, $"member {member.Id} went back to version 0x{config.Version:x}");
        }

        _configs[config.Version] = text;
        member.ConfigText = text;
    }

    private void DriveAdmin()
    {
        if (NowMs < _nextOpMs)
        {
            return;
        }

        if (_currentOp is null)
        {
            if (!_ops.TryDequeue(out var next))
            {
                return;
            }

            _currentOp = next;
        }

        if (_currentOp.StartSpare is { } spareId && !Member(spareId).Started)
        {
            if (CurrentLeader() is not { } leader)
            {
                return;
            }

            var spare = Member(spareId);
            var spec = QuorumServerSpec.TryParse(spareId, Line(spareId, _currentOp.Joining?.Contains("observer", StringComparison.Ordinal) == true), out _)!;
            var withSpare = new QuorumConfig([.. leader.Peer!.Config.Members, spec], leader.Peer.Config.Version);
            spare.ConfigText = withSpare.Format();
            spare.Started = true;
            Restart(spare);
        }

        if (_currentOp.RemoveLeader && _currentOp.Leaving is null)
        {
            // Pinned at the first attempt: a retry after a lost reply must not remove the next leader too.
            if (CurrentLeader() is not { } leader)
            {
                return;
            }

            _currentOp = _currentOp with { Leaving = leader.Id.ToString(CultureInfo.InvariantCulture) };
            RemovedLeader = leader.Id;
        }

        if (_admin.Connection is not null)
        {
            return;
        }

        var op = _currentOp;
        var target = _members.Where(m => m.IsUp && m.Peer!.IsServing).ToList();
        if (target.Count == 0)
        {
            return;
        }

        string? leaving = op.Leaving;
        _admin.Begin(op.Joining, leaving, op.NewMembers);
        var member = target[_random.Next(target.Count)];
        var connection = new ConnectionId(_nextConnection++);
        _admin.Opened(connection, member.Id);
        Trace($"admin reconfig join={op.Joining} leave={leaving} via {member.Id}");
        member.Peer!.Connect(connection, SimClient.ConnectPayload(), "10.0.0.9:5000", Now(member));
        Apply(member);
    }

    private void AdminReceived(SimMember member, byte[] frame)
    {
        if (!_admin.Received(frame, out bool established))
        {
            if (established)
            {
                _deferred.Enqueue(() =>
                {
                    if (member.IsUp && _admin.Connection is { } c && _admin.MemberId == member.Id)
                    {
                        foreach (var request in _admin.Frames())
                        {
                            member.Peer!.Receive(c, request, Now(member));
                        }

                        Apply(member);
                    }
                });
            }

            return;
        }

        var connection = _admin.Connection!.Value;
        _admin.Closed();
        _deferred.Enqueue(() =>
        {
            if (member.IsUp)
            {
                member.Peer!.Disconnected(connection, Now(member));
                Apply(member);
            }
        });
        Trace($"admin result {(_admin.LastError?.ToString() ?? "ok " + _admin.LastConfig!.Replace('\n', ' '))}");
        if (_admin.LastError is null)
        {
            ReconfigResults.Add(_admin.LastConfig!);
            _currentOp = null;
        }

        _nextOpMs = NowMs + 500;
    }

    private SimMember? CurrentLeader() =>
        _members.FirstOrDefault(m => m.IsUp && m.Peer!.State == ServerState.Leading && m.Peer.IsServing);

    private void Trace(string line) => _trace?.WriteLine($"{NowMs / StepMs,6} {line}");

    private long Now(SimMember member) => NowMs + member.ClockSkewMs;

    private SimMember Member(long id) => _members[(int)id - 1];

    private bool IsCut(long a, long b) => _cut.Contains(Pair(a, b));

    private static (long, long) Pair(long a, long b) => a < b ? (a, b) : (b, a);
}
