using System.Buffers;
using System.Globalization;
using Zk.Node.Core.Quorum;
using Zk.Node.Core.Requests;
using Zk.Node.Core.Sessions;
using Zk.Node.Core.Tree;
using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Core.Server;

/// <summary>
/// The deterministic standalone request pipeline: handshake, sessions, prep, txn application and replies
/// (ZooKeeper's PrepRequestProcessor → SyncRequestProcessor → FinalRequestProcessor) as one single-threaded
/// state machine. The host feeds inputs (<see cref="Connect"/>, <see cref="Receive"/>, <see cref="Disconnected"/>,
/// <see cref="Tick"/>, <see cref="Persisted"/>) and after each one drains <see cref="TakeReady"/>.
/// </summary>
/// <remarks>
/// Ordering rules this class guarantees:
/// <list type="bullet">
/// <item>a txn is applied, and anything that depends on it is emitted, only after <see cref="Persisted"/> covers it;</item>
/// <item>replies leave each connection in request order: reads wait behind the connection's pending writes;</item>
/// <item>watch events of a txn are queued before any reply that observes it.</item>
/// </list>
/// </remarks>
public sealed class ServerCore
{
    private const int SnapshotMagic = 0x5a4b4353; // "ZKCS"
    private const int SnapshotFormat = 2; // 1 had no session passwords; still read

    private readonly CoreOptions _options;
    private readonly Dictionary<ConnectionId, Connection> _connections = [];
    private readonly Queue<InFlightTxn> _inFlight = new();
    private readonly OutstandingChanges _outstanding = new();
    private readonly TreeGateway _tree;
    private readonly RequestPreparer _prep;
    private readonly TxnApplier _applier;
    private readonly ReadProcessor _reads;
    private readonly Random _random;
    private readonly Action<Span<byte>> _randomBytes;
    private readonly Dictionary<(long SessionId, int Xid), (Connection Connection, PendingReply Slot)> _remoteSlots = [];
    private readonly Queue<(Connection Connection, PendingReply Slot, string Path)> _pendingSyncs = new();
    private readonly List<ForwardedRequest> _forwarded = [];
    private readonly Dictionary<long, int> _touched = [];
    private readonly Dictionary<long, (Connection Connection, PendingReply Slot)> _revalidating = [];
    private readonly List<(long SessionId, int TimeoutMs)> _revalidations = [];
    private readonly HashSet<long> _readOnlySessions = [];
    private Ready _ready = new();
    private long _lastProposedZxid;
    private long _nowMs;
    private long _nextReapMs;
    private int _txnsSinceSnapshot;
    private int _snapshotThreshold;

    public ServerCore(CoreOptions options, long startTimeMs)
        : this(options, startTimeMs, null)
    {
    }

    /// <summary>A core that keeps counting into <paramref name="stats"/> (a learner replacing its state after a SNAP).</summary>
    internal ServerCore(CoreOptions options, long startTimeMs, ServerStats? stats)
    {
        Stats = stats ?? new ServerStats();
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _nowMs = startTimeMs;
        _random = new Random(options.RandomSeed);
        _randomBytes = options.RandomBytes ?? (bytes => _random.NextBytes(bytes));
        _tree = new TreeGateway(new WatchOptions { MaxWatchesPerWatcher = options.MaxWatchesPerConnection }, options.SuperDigest, options.SkipAcl)
        {
            WatcherIds = watcher => _connections.TryGetValue(new ConnectionId(watcher), out var c) ? c.AuthIds : null,
        };
        _tree.InstallDeliveryFilter();
        Sessions = new SessionTracker(options.ServerId, options.TickTimeMs, startTimeMs);
        _prep = new RequestPreparer(_tree, _outstanding, options.ExtendedTypesEnabled);
        _applier = new TxnApplier(_tree, Sessions);
        _reads = new ReadProcessor(_tree, options.MaxReplyBytes);
        _nextReapMs = startTimeMs + options.ContainerCheckIntervalMs;
        RollSnapshotThreshold();
    }

    public DataTree Tree => _tree.Tree;

    /// <summary>How writes are ordered: alone, as an ensemble's leader, through the leader, or not at all.</summary>
    internal ServerMode Mode { get; set; } = ServerMode.Standalone;

    /// <summary>Zxid of the last txn this core proposed (leader) or applied.</summary>
    internal long LastProposedZxid => Math.Max(_lastProposedZxid, LastZxid);

    public WatchManager Watches => _tree.Watches;

    public SessionTracker Sessions { get; }

    public ServerStats Stats { get; }

    /// <summary>Last applied zxid.</summary>
    public long LastZxid { get; private set; }

    /// <summary>Requests received and not yet answered, over all connections.</summary>
    public int OutstandingRequests => _connections.Values.Sum(c => c.Replies.Count + c.Held.Count);

    /// <summary>Txns handed to the host in <see cref="Ready.Persist"/> and not yet covered by <see cref="Persisted"/>.</summary>
    public int UnpersistedTxns => _inFlight.Count;

    public bool HasReady => !_ready.IsEmpty;

    /// <summary>
    /// Whether the host should keep reading this connection: false while it has
    /// <see cref="CoreOptions.MaxOutstandingPerConnection"/> requests unanswered (ZooKeeper stops reading the socket), and
    /// until its session is established (ZooKeeper disables receiving until then): frames held meanwhile are all answered
    /// at once when the session is, so a client that pipelines large reads behind its handshake is held to what it reads.
    /// </summary>
    public bool CanReceive(ConnectionId connection) =>
        _connections.TryGetValue(connection, out var c) && c.State == ConnectionState.Established
        && c.Replies.Count + c.Held.Count < _options.MaxOutstandingPerConnection;

    /// <summary>Requests on this connection received and not yet answered (0 for a connection the core does not know).</summary>
    public int Outstanding(ConnectionId connection) =>
        _connections.TryGetValue(connection, out var c) ? c.Replies.Count + c.Held.Count : 0;

    /// <summary>Payload bytes of the frames in the ready batch not yet taken.</summary>
    public long PendingSendBytes => _ready.SendBytes;

    public Ready TakeReady()
    {
        var ready = _ready;
        _ready = new Ready();
        return ready;
    }

    // ---------------------------------------------------------------- recovery

    /// <summary>Loads a payload written by <see cref="WriteSnapshot"/> into a fresh core.</summary>
    public void LoadSnapshot(ReadOnlySpan<byte> payload)
    {
        if (LastZxid != 0 || _inFlight.Count != 0 || _connections.Count != 0)
        {
            throw new InvalidOperationException("a snapshot can only be loaded into a fresh core");
        }

        var reader = new JuteReader(payload, int.MaxValue);
        int format = reader.ReadInt() == SnapshotMagic ? reader.ReadInt() : 0;
        if (format is not (1 or SnapshotFormat))
        {
            throw new JuteException("not a zknode core snapshot");
        }

        long zxid = reader.ReadLong();
        int sessions = reader.ReadVectorCount(minElementBytes: format == 1 ? 12 : 16);
        for (int i = 0; i < sessions; i++)
        {
            long id = reader.ReadLong();
            int timeout = reader.ReadInt();
            byte[] password = format == 1 ? [] : reader.ReadBuffer() ?? [];
            Sessions.Add(id, timeout, password, _nowMs);
        }

        _tree.LoadSnapshot(ref reader, zxid);
        reader.ExpectEnd();
        LastZxid = zxid;
        _lastProposedZxid = zxid;
    }

    /// <summary>Replays one logged txn (TxnHeader + body as in <see cref="Ready.Persist"/>); txns the state already covers are skipped.</summary>
    public void ReplayTxn(ReadOnlySpan<byte> txnRecord)
    {
        if (_inFlight.Count != 0)
        {
            throw new InvalidOperationException("replay happens before serving");
        }

        var reader = new JuteReader(txnRecord, int.MaxValue);
        var (header, txn) = TxnCodec.Read(ref reader);
        reader.ExpectEnd();
        if (header.Zxid <= LastZxid)
        {
            return;
        }

        _applier.Apply(header, txn, _nowMs);
        _tree.Events.Clear();
        _tree.Applied(header.Zxid);
        LastZxid = header.Zxid;
        _lastProposedZxid = header.Zxid;
    }

    /// <summary>
    /// Writes the applied state: tree and sessions. Returns the zxid it covers; txns after it must be replayed.
    /// <code>
    /// magic:int "ZKCS" | format:int 2 | zxid:long | sessions: vector&lt;(id:long, timeOut:int, passwd:buffer)&gt; | tree (DataTreeSnapshot)
    /// </code>
    /// </summary>
    public long WriteSnapshot(IBufferWriter<byte> output)
    {
        var writer = new JuteWriter(output);
        writer.WriteInt(SnapshotMagic);
        writer.WriteInt(SnapshotFormat);
        writer.WriteLong(LastZxid);
        var sessions = Sessions.All.Where(s => !IsCreationInFlight(s.Id)).ToList();
        writer.WriteVectorCount(sessions.Count);
        foreach (var session in sessions)
        {
            writer.WriteLong(session.Id);
            writer.WriteInt(session.TimeoutMs);
            writer.WriteBuffer(session.Password);
        }

        _tree.WriteSnapshot(writer);
        return LastZxid;
    }

    // ---------------------------------------------------------------- inputs

    /// <summary>A new connection sent its ConnectRequest (the first frame, no RequestHeader).</summary>
    public void Connect(ConnectionId c, ReadOnlySpan<byte> connectPayload, string remoteAddress, long nowMs)
    {
        Advance(nowMs);
        var stats = Stats.Open(c, remoteAddress, nowMs);
        var connection = new Connection(c, remoteAddress, stats);
        _connections[c] = connection;
        connection.AuthIds.Add(new Id("ip", HostOf(remoteAddress)));
        Stats.Received(stats);

        ConnectRequest request;
        bool hasReadOnlyByte;
        try
        {
            var reader = new JuteReader(connectPayload, _options.MaxBufferLength);
            // Bytes after the readOnly flag are ignored, as ZooKeeper 3.8's processConnectRequest does (it reads the
            // fields it knows and never checks for the end), so clients that append fields still connect.
            request = ConnectRequest.Read(ref reader, out hasReadOnlyByte);
        }
        catch (JuteException e)
        {
            Malformed(connection, e.Message);
            return;
        }

        connection.IncludeReadOnlyByte = hasReadOnlyByte;
        if (Mode == ServerMode.NotServing)
        {
            // ZooKeeper closes connections while the server is not running (no quorum, still syncing).
            CloseNow(connection);
            return;
        }

        if (Mode == ServerMode.ReadOnly)
        {
            ConnectReadOnly(connection, request, nowMs);
            return;
        }

        // A client that has seen a newer state than ours must try another server (single system image).
        if (request.LastZxidSeen > LastZxid)
        {
            CloseNow(connection);
            return;
        }

        int timeout = Math.Clamp(request.TimeOut, _options.EffectiveMinSessionTimeoutMs, _options.EffectiveMaxSessionTimeoutMs);
        if (request.SessionId == 0 && Mode == ServerMode.Learner)
        {
            // The learner picks the id (its myid in the top byte); the leader makes it global with a createSession txn.
            long id = Sessions.NextId();
            byte[] password = SessionPasswords.New(_randomBytes);
            connection.SessionId = id;
            connection.State = ConnectionState.AwaitingSession;
            stats.SessionId = id;
            stats.SessionTimeoutMs = timeout;
            var pending = new PendingReply
            {
                Xid = 0,
                Type = OpCode.CreateSession,
                ReceivedMs = nowMs,
                AwaitedZxid = long.MaxValue,
                EstablishesSession = true,
                CountsAsRequest = false,
                Payload = ConnectReply(connection, timeout, id, password),
            };
            connection.Replies.Enqueue(pending);
            _remoteSlots[(id, 0)] = (connection, pending);

            // timeOut:int | passwd (16 bytes): the leader logs both in the createSession txn.
            var body = new byte[4 + SessionPasswords.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(body, timeout);
            password.CopyTo(body, 4);
            _forwarded.Add(new ForwardedRequest(id, 0, OpCode.CreateSession, body, [.. connection.AuthIds]));
            return;
        }

        if (request.SessionId == 0)
        {
            var session = Sessions.Create(timeout, SessionPasswords.New(_randomBytes), nowMs);
            session.Owner = c;
            connection.SessionId = session.Id;
            connection.State = ConnectionState.AwaitingSession;
            stats.SessionId = session.Id;
            stats.SessionTimeoutMs = timeout;
            long zxid = Propose(session.Id, 0, nowMs, (int)OpCode.CreateSession, new CreateSessionTxn(timeout, session.Password), connection);
            connection.Replies.Enqueue(new PendingReply
            {
                Xid = 0,
                Type = OpCode.CreateSession,
                ReceivedMs = nowMs,
                AwaitedZxid = zxid,
                EstablishesSession = true,
                CountsAsRequest = false,
                Payload = ConnectReply(connection, timeout, session.Id, session.Password),
            });
            _inFlight.Last().Slot = connection.Replies.Last();
            return;
        }

        if (!Sessions.TryGet(request.SessionId, out var existing)
            || existing.IsClosing
            || !SessionPasswords.Matches(existing.Password, request.Passwd))
        {
            connection.Replies.Enqueue(Immediate(connection, 0, OpCode.CreateSession, nowMs,
                ConnectReply(connection, 0, 0, new byte[SessionPasswords.Length]), closeAfter: true));
            Drain(connection);
            return;
        }

        if (existing.Owner is { } previous && previous != c && _connections.TryGetValue(previous, out var old))
        {
            CloseNow(old);
        }

        if (Mode == ServerMode.Learner)
        {
            // REVALIDATE: only the leader knows whether the session is still alive; it also moves the session's owner here.
            if (_revalidating.Remove(existing.Id, out var earlier) && _connections.TryGetValue(earlier.Connection.Id, out var stale) && stale == earlier.Connection)
            {
                CloseNow(stale);
            }

            connection.SessionId = existing.Id;
            connection.State = ConnectionState.AwaitingSession;
            stats.SessionId = existing.Id;
            stats.SessionTimeoutMs = existing.TimeoutMs;
            var slot = new PendingReply
            {
                Xid = 0,
                Type = OpCode.CreateSession,
                ReceivedMs = nowMs,
                AwaitedZxid = long.MaxValue,
                EstablishesSession = true,
                CountsAsRequest = false,
            };
            connection.Replies.Enqueue(slot);
            _revalidating[existing.Id] = (connection, slot);
            _revalidations.Add((existing.Id, existing.TimeoutMs));
            return;
        }

        existing.Owner = c;
        Touch(existing.Id, nowMs);
        connection.SessionId = existing.Id;
        stats.SessionId = existing.Id;
        stats.SessionTimeoutMs = existing.TimeoutMs;
        connection.Replies.Enqueue(Immediate(connection, 0, OpCode.CreateSession, nowMs,
            ConnectReply(connection, existing.TimeoutMs, existing.Id, existing.Password), closeAfter: false));
        Drain(connection);
    }

    /// <summary>One frame payload (RequestHeader + record) from an established connection.</summary>
    public void Receive(ConnectionId c, ReadOnlySpan<byte> framePayload, long nowMs)
    {
        Advance(nowMs);
        if (!_connections.TryGetValue(c, out var connection) || connection.State == ConnectionState.Closing)
        {
            return;
        }

        if (connection.State == ConnectionState.AwaitingSession)
        {
            connection.Held.Enqueue((framePayload.ToArray(), nowMs));
            return;
        }

        ProcessFrame(connection, framePayload, nowMs);
        Drain(connection);
    }

    /// <summary>The host lost the connection; the session lives on until it expires or is re-attached.</summary>
    public void Disconnected(ConnectionId c, long nowMs)
    {
        Advance(nowMs);
        if (_connections.TryGetValue(c, out var connection))
        {
            Forget(connection);
        }
    }

    /// <summary>Time passes: expire sessions, reap empty containers and expired TTL nodes.</summary>
    public void Tick(long nowMs)
    {
        Advance(nowMs);
        if (Mode is not (ServerMode.Standalone or ServerMode.Leader))
        {
            // Only the leader expires sessions and reaps nodes; learners relay touches instead.
            return;
        }

        foreach (long sessionId in Sessions.Expire(nowMs))
        {
            var txn = _prep.PrepareCloseSession(new RequestPreparer.Caller(sessionId, [], NextZxid, nowMs));
            Propose(sessionId, 0, nowMs, txn.Type, txn.Txn, origin: null);
        }

        if (nowMs >= _nextReapMs)
        {
            _nextReapMs = nowMs + _options.ContainerCheckIntervalMs;
            foreach (string path in _tree.ReapCandidates(nowMs))
            {
                if (_prep.PrepareDeleteContainer(path, new RequestPreparer.Caller(0, [], NextZxid, nowMs), out var txn) == KeeperErrorCode.Ok)
                {
                    Propose(0, 0, nowMs, txn.Type, txn.Txn, origin: null);
                }
            }
        }
    }

    /// <summary>Every txn up to <paramref name="zxid"/> is durable: apply them and release what waited on them.</summary>
    public void Persisted(long zxid)
    {
        if (Mode == ServerMode.Standalone)
        {
            CommitThrough(zxid);
        }
    }

    /// <summary>Applies every proposed txn up to <paramref name="zxid"/> (standalone: durable; leader: committed by a quorum).</summary>
    internal void CommitThrough(long zxid)
    {
        bool applied = false;
        while (_inFlight.Count > 0 && _inFlight.Peek().Header.Zxid <= zxid)
        {
            Apply(_inFlight.Dequeue());
            applied = true;
        }

        if (applied)
        {
            foreach (var connection in _connections.Values.OrderBy(c => c.Id.Value).ToList())
            {
                Drain(connection);
            }
        }
    }

    // ---------------------------------------------------------------- request processing

    private void ProcessFrame(Connection connection, ReadOnlySpan<byte> payload, long nowMs)
    {
        RequestHeader header;
        object? record;
        try
        {
            var reader = new JuteReader(payload, _options.MaxBufferLength);
            header = RequestHeader.Read(ref reader);
            record = ReadRecord(header.Type, ref reader);
            if (record is not UnknownOp)
            {
                reader.ExpectEnd();
            }
        }
        catch (JuteException e)
        {
            Malformed(connection, e.Message);
            return;
        }

        Stats.Received(connection.Stats);
        int xid = header.Xid;
        var type = header.Type;

        // ZooKeeper handles SASL packets outside its request pipeline, so they do not keep the session alive: a client
        // stuck repeating SASL steps against a server without SASL users sees its session expire (kazoo then reports
        // AuthFailed) instead of looping forever.
        if (type is not (OpCode.CloseSession or OpCode.Sasl) && !Touch(connection.SessionId, nowMs))
        {
            Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, KeeperErrorCode.SessionExpired));
            return;
        }

        if (Mode == ServerMode.ReadOnly && (IsForwarded(type) || type == OpCode.Check))
        {
            // ReadOnlyRequestProcessor: closeSession just ends the local session, every other change is refused.
            var code = type == OpCode.CloseSession ? KeeperErrorCode.Ok : KeeperErrorCode.NotReadOnly;
            Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, code), closeAfter: type == OpCode.CloseSession);
            return;
        }

        if (Mode == ServerMode.Learner && IsForwarded(type))
        {
            Forward(connection, xid, type, record, payload[RequestHeaderSize..], nowMs);
            return;
        }

        switch (type)
        {
            case OpCode.Ping:
                Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, KeeperErrorCode.Ok));
                break;
            case OpCode.Auth:
                ProcessAuth(connection, xid, (AuthPacket)record!, nowMs);
                break;
            case OpCode.Sasl:
                ProcessSasl(connection, xid, (GetSaslRequest)record!, nowMs);
                break;
            case OpCode.SetWatches or OpCode.SetWatches2:
                Enqueue(connection, xid, type, nowMs, () => ProcessSetWatches(connection, xid, record!));
                break;
            case OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl
                or OpCode.Delete or OpCode.SetData or OpCode.SetAcl:
                ProcessWrite(connection, xid, type, record!, nowMs);
                break;
            case OpCode.Multi:
                ProcessMulti(connection, xid, (MultiRequest)record!, nowMs);
                break;
            case OpCode.CloseSession:
                ProcessCloseSession(connection, xid, nowMs);
                break;
            case OpCode.Check:
                // Only meaningful inside multi; ZooKeeper 3.8 dropped the connection, we answer instead.
                Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, KeeperErrorCode.Unimplemented));
                break;
            case OpCode.Reconfig when Mode == ServerMode.Leader:
                ProposeFor(connection, xid, type, nowMs, PrepareReconfig((ReconfigRequest)record!, connection.AuthIds));
                break;
            case OpCode.Reconfig:
                {
                    var code = _options.ReconfigEnabled ? KeeperErrorCode.Unimplemented : KeeperErrorCode.ReconfigDisabled;
                    Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, code));
                    break;
                }
            case OpCode.Sync when Mode == ServerMode.Leader:
                {
                    // A leader's sync completes once everything proposed before it has committed.
                    var path = ((SyncRequest)record!).Path;
                    connection.Replies.Enqueue(new PendingReply
                    {
                        Xid = xid,
                        Type = type,
                        ReceivedMs = nowMs,
                        AwaitedZxid = LastProposedZxid,
                        Produce = () => Replies.With(xid, LastZxid, new SyncResponse(path)),
                    });
                    break;
                }

            case OpCode.Exists or OpCode.GetData or OpCode.GetChildren or OpCode.GetChildren2 or OpCode.GetAcl
                or OpCode.GetAllChildrenNumber or OpCode.GetEphemerals or OpCode.Sync or OpCode.WhoAmI
                or OpCode.CheckWatches or OpCode.RemoveWatches or OpCode.AddWatch or OpCode.MultiRead:
                if (type == OpCode.MultiRead && !((MultiRequest)record!).IsReadOnly)
                {
                    Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, KeeperErrorCode.BadArguments));
                    break;
                }

                var readerInfo = new ReadProcessor.Reader(connection.WatcherId, connection.SessionId, connection.AuthIds);
                Enqueue(connection, xid, type, nowMs, () => _reads.Process(type, record!, xid, LastZxid, readerInfo));
                break;
            default:
                // Unknown or server-internal opcodes: ZooKeeper 3.8 answers UNIMPLEMENTED with zxid -1 and then closes
                // the connection (seen by the differential test).
                Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, -1, KeeperErrorCode.Unimplemented), closeAfter: true);
                break;
        }
    }

    private void ProcessWrite(Connection connection, int xid, OpCode type, object record, long nowMs)
    {
        long zxid = NextZxid;
        var code = _prep.Prepare(type, record, new RequestPreparer.Caller(connection.SessionId, connection.AuthIds, zxid, nowMs), out var txn);
        if (code != KeeperErrorCode.Ok && ErrorTxnsEnabled)
        {
            ProposeFor(connection, xid, type, nowMs, new PreparedTxn((int)OpCode.Error, new ErrorTxn((int)code)));
            return;
        }

        if (code != KeeperErrorCode.Ok)
        {
            Enqueue(connection, xid, type, nowMs, () => Replies.Header(xid, LastZxid, code));
            return;
        }

        ProposeFor(connection, xid, type, nowMs, txn);
    }

    private void ProcessMulti(Connection connection, int xid, MultiRequest multi, long nowMs)
    {
        long zxid = NextZxid;
        var code = _prep.PrepareMulti(multi, new RequestPreparer.Caller(connection.SessionId, connection.AuthIds, zxid, nowMs), out var txn, out var failure);
        if (code != KeeperErrorCode.Ok && ErrorTxnsEnabled)
        {
            ProposeFor(connection, xid, OpCode.Multi, nowMs, FailedMulti(failure!.Value));
            return;
        }

        if (code != KeeperErrorCode.Ok)
        {
            Enqueue(connection, xid, OpCode.Multi, nowMs, () => Replies.With(xid, LastZxid, failure!.Value));
            return;
        }

        ProposeFor(connection, xid, OpCode.Multi, nowMs, txn);
    }

    private void ProcessCloseSession(Connection connection, int xid, long nowMs)
    {
        if (!Sessions.TryGet(connection.SessionId, out var session) || session.IsClosing)
        {
            Enqueue(connection, xid, OpCode.CloseSession, nowMs, () => Replies.Header(xid, LastZxid, KeeperErrorCode.Ok), closeAfter: true);
            return;
        }

        Sessions.SetClosing(session.Id);
        var txn = _prep.PrepareCloseSession(new RequestPreparer.Caller(session.Id, connection.AuthIds, NextZxid, nowMs));
        ProposeFor(connection, xid, OpCode.CloseSession, nowMs, txn);
        connection.Replies.Last().CloseAfter = true;
    }

    private void ProcessAuth(Connection connection, int xid, AuthPacket packet, long nowMs)
    {
        var ids = _tree.Authenticate(packet.Scheme, packet.Auth);
        if (ids is null)
        {
            Stats.AuthFailed();
            Enqueue(connection, xid, OpCode.Auth, nowMs, () => Replies.Header(xid, 0, KeeperErrorCode.AuthFailed), closeAfter: true);
            return;
        }

        foreach (var id in ids)
        {
            if (!connection.AuthIds.Contains(id))
            {
                connection.AuthIds.Add(id);
            }
        }

        Enqueue(connection, xid, OpCode.Auth, nowMs, () => Replies.Header(xid, 0, KeeperErrorCode.Ok));
    }

    private void ProcessSasl(Connection connection, int xid, GetSaslRequest request, long nowMs)
    {
        if (_options.SaslUsers.Count == 0)
        {
            // ZooKeeper without a SASL login answers OK with a null token and zxid 0 (its SASL server is missing); the
            // Java client turns that into an AuthFailed event and keeps the session, as it does against ZooKeeper.
            Enqueue(connection, xid, OpCode.Sasl, nowMs, () => Replies.With(xid, 0, new SetSaslResponse(null)));
            return;
        }

        connection.Sasl ??= new SaslDigestMd5Server(_options.SaslUsers, NewNonce());
        byte[]? answer = connection.Sasl.Evaluate(request.Token ?? []);
        if (answer is null)
        {
            Stats.AuthFailed();
            Enqueue(connection, xid, OpCode.Sasl, nowMs, () => Replies.SaslFailure(xid, KeeperErrorCode.AuthFailed), closeAfter: true);
            return;
        }

        if (connection.Sasl.IsComplete)
        {
            var id = new Id("sasl", connection.Sasl.AuthorizationId!);
            if (!connection.AuthIds.Contains(id))
            {
                connection.AuthIds.Add(id);
            }
        }

        Enqueue(connection, xid, OpCode.Sasl, nowMs, () => Replies.With(xid, 0, new SetSaslResponse(answer)));
    }

    /// <summary>
    /// setWatches: catch-up events for what changed after relativeZxid go out before the -8 reply. Watches past the
    /// connection's limit are not armed and the reply says THROTTLED (clients ignore the -8 reply's error, but it is
    /// visible on the wire and in the server's counters rather than silent).
    /// </summary>
    private byte[] ProcessSetWatches(Connection connection, int xid, object record)
    {
        var code = record switch
        {
            SetWatches w => _tree.SetWatches(connection.WatcherId, w.RelativeZxid, w.DataWatches, w.ExistWatches, w.ChildWatches, [], []),
            SetWatches2 w => _tree.SetWatches(connection.WatcherId, w.RelativeZxid, w.DataWatches, w.ExistWatches, w.ChildWatches, w.PersistentWatches, w.PersistentRecursiveWatches),
            _ => KeeperErrorCode.BadArguments,
        };

        SendEvents();
        return Replies.Header(xid, LastZxid, code);
    }

    // ---------------------------------------------------------------- ensemble hooks (QuorumPeer)

    /// <summary>
    /// Leader: checks a reconfig and computes the new configuration text for the txn about to get the next zxid
    /// (set by ZAB's leader, which knows the configurations and the synced learners); null refuses every reconfig.
    /// It has no side effect: the ACL check still follows, and <see cref="ReconfigProposed"/> reports the proposal.
    /// </summary>
    internal Func<ReconfigRequest, long, ReconfigResult>? ReconfigPreparer { get; set; }

    /// <summary>Leader: a reconfig passed every check and is proposed as the txn with that zxid (one at a time from here on).</summary>
    internal Action<long, QuorumConfig>? ReconfigProposed { get; set; }

    /// <summary>A reconfig txn was applied (zxid, configuration text): the ensemble's configuration changes.</summary>
    internal Action<long, byte[]>? ConfigApplied { get; set; }

    /// <summary>
    /// Writes the active configuration into /zookeeper/config outside any txn, as ZooKeeper's initConfigInZKDatabase
    /// does: data = its text, mzxid = its version, dataVersion -1. Data watches fire when the text changes.
    /// </summary>
    internal void SetConfigNode(QuorumConfig config)
    {
        var tree = _tree.Tree;
        byte[] text = config.FormatBytes().ToArray();
        if (!tree.TryGetNode(DataTree.ConfigPath, out var node) || (node.Mzxid == config.Version && text.AsSpan().SequenceEqual(node.Data)))
        {
            return;
        }

        long last = tree.LastProcessedZxid;
        _tree.SetData(DataTree.ConfigPath, text, -1, config.Version, 0, out _);
        tree.LastProcessedZxid = last;
        SendEvents();
    }

    /// <summary>The configuration held in /zookeeper/config (from a snapshot, or a reconfig applied), if any.</summary>
    internal QuorumConfig? ConfigNode() =>
        _tree.Tree.TryGetNode(DataTree.ConfigPath, out var node) && node.Data is { Length: > 0 } data
            ? QuorumConfig.TryParse(System.Text.Encoding.UTF8.GetString(data), out _)
            : null;

    /// <summary>
    /// PrepRequestProcessor's reconfig, in its order: reconfigEnabled, then the leader's checks (in progress, BADVERSION
    /// for a stale fromConfig, BADARGUMENTS, NEWCONFIGNOQUORUM), and only then WRITE on /zookeeper/config (super by
    /// default). The txn is a SetDataTxn of /zookeeper/config with version -1, as ZooKeeper logs it.
    /// </summary>
    private PreparedTxn PrepareReconfig(ReconfigRequest request, IReadOnlyList<Id> authIds)
    {
        if (!_options.ReconfigEnabled)
        {
            return ErrorTxnOf(KeeperErrorCode.ReconfigDisabled);
        }

        if (ReconfigPreparer is null)
        {
            return ErrorTxnOf(KeeperErrorCode.Unimplemented);
        }

        long zxid = NextZxid;
        var result = ReconfigPreparer(request, zxid);
        if (!result.IsOk)
        {
            return ErrorTxnOf(result.Error);
        }

        var node = _tree.GetNode(DataTree.ConfigPath);
        if (node is null || !(_tree.IsSuper(authIds) || _tree.CheckAcl(_tree.AclOf(node), Perms.Write, authIds)))
        {
            return ErrorTxnOf(KeeperErrorCode.NoAuth);
        }

        ReconfigProposed?.Invoke(zxid, result.Config!);
        return new PreparedTxn((int)OpCode.Reconfig, new SetDataTxn(DataTree.ConfigPath, result.Config!.FormatBytes().ToArray(), -1));
    }

    /// <summary>ZooKeeper turns a write that fails validation into an error txn with its own zxid.</summary>
    private bool ErrorTxnsEnabled => Mode != ServerMode.Standalone || _options.ErrorTxns;

    private static bool IsForwarded(OpCode type) => type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl
        or OpCode.Delete or OpCode.SetData or OpCode.SetAcl or OpCode.Multi or OpCode.CloseSession or OpCode.Sync or OpCode.Reconfig;

    private static PreparedTxn ErrorTxnOf(KeeperErrorCode code) => new((int)OpCode.Error, new ErrorTxn((int)code));

    private static PreparedTxn FailedMulti(MultiResponse failure) =>
        new((int)OpCode.Multi, new MultiTxn([.. failure.Results.Select(r => TxnCodec.EncodeMultiOp((int)OpCode.Error, new ErrorTxn((int)r.Err)))]));

    private bool Touch(long sessionId, long nowMs)
    {
        if (Mode == ServerMode.ReadOnly)
        {
            return _readOnlySessions.Contains(sessionId);
        }

        if (!Sessions.Touch(sessionId, nowMs))
        {
            return false;
        }

        if (Mode == ServerMode.Learner && Sessions.TryGet(sessionId, out var session))
        {
            _touched[sessionId] = session.TimeoutMs;
        }

        return true;
    }

    /// <summary>Learner: queue a client write (or sync) for the leader; its slot waits for the committed txn.</summary>
    private void Forward(Connection connection, int xid, OpCode type, object? record, ReadOnlySpan<byte> body, long nowMs)
    {
        var slot = new PendingReply { Xid = xid, Type = type, ReceivedMs = nowMs, AwaitedZxid = long.MaxValue, CloseAfter = type == OpCode.CloseSession };
        connection.Replies.Enqueue(slot);
        if (type == OpCode.Sync)
        {
            _pendingSyncs.Enqueue((connection, slot, ((SyncRequest)record!).Path));
        }
        else
        {
            _remoteSlots[(connection.SessionId, xid)] = (connection, slot);
        }

        _forwarded.Add(new ForwardedRequest(connection.SessionId, xid, type, body.ToArray(), [.. connection.AuthIds]));
    }

    /// <summary>Learner: the REQUESTs to send to the leader since the last call.</summary>
    internal List<ForwardedRequest> TakeForwarded()
    {
        var taken = new List<ForwardedRequest>(_forwarded);
        _forwarded.Clear();
        return taken;
    }

    /// <summary>Learner: re-attaching sessions to ask the leader about (REVALIDATE), since the last call.</summary>
    internal List<(long SessionId, int TimeoutMs)> TakeRevalidations()
    {
        var taken = new List<(long, int)>(_revalidations);
        _revalidations.Clear();
        return taken;
    }

    /// <summary>Learner: the leader's REVALIDATE answer; a valid session is re-attached here, an invalid one refused.</summary>
    internal void Revalidated(long sessionId, bool valid, long nowMs)
    {
        Advance(nowMs);
        if (!_revalidating.Remove(sessionId, out var waiting)
            || !_connections.TryGetValue(waiting.Connection.Id, out var connection) || connection != waiting.Connection)
        {
            return;
        }

        if (valid && Sessions.TryGet(sessionId, out var session))
        {
            if (session.Owner is { } previous && previous != connection.Id && _connections.TryGetValue(previous, out var old))
            {
                CloseNow(old);
            }

            session.Owner = connection.Id;
            Touch(sessionId, nowMs);
            waiting.Slot.Payload = ConnectReply(connection, session.TimeoutMs, sessionId, session.Password);
        }
        else
        {
            waiting.Slot.Payload = ConnectReply(connection, 0, 0, new byte[SessionPasswords.Length]);
            waiting.Slot.CloseAfter = true;
        }

        waiting.Slot.AwaitedZxid = 0;
        Drain(connection);
    }

    /// <summary>Leader: a learner asks whether a re-attaching session is alive; a live one is touched (its owner moves).</summary>
    internal bool Revalidate(long sessionId, long nowMs)
    {
        Advance(nowMs);
        return Sessions.TryGet(sessionId, out var session) && !session.IsClosing && Sessions.Touch(sessionId, nowMs);
    }

    /// <summary>Learner: sessions its clients touched since the last call (id → timeout), for the PING reply.</summary>
    internal Dictionary<long, int> TakeTouches()
    {
        var taken = new Dictionary<long, int>(_touched);
        _touched.Clear();
        return taken;
    }

    /// <summary>Leader: a learner's client was heard from.</summary>
    internal void TouchRemote(long sessionId, long nowMs)
    {
        Advance(nowMs);
        Sessions.Touch(sessionId, nowMs);
    }

    /// <summary>A new leader gives every session a full timeout (ZooKeeper's leader re-adds them at startup).</summary>
    internal void TouchAll(long nowMs)
    {
        Advance(nowMs);
        foreach (var session in Sessions.All.ToList())
        {
            Sessions.Touch(session.Id, nowMs);
        }
    }

    /// <summary>Learner: the leader's SYNC arrived; the oldest forwarded sync is answered after what it waited for.</summary>
    internal void SyncArrived()
    {
        if (!_pendingSyncs.TryDequeue(out var waiting))
        {
            return;
        }

        var (connection, slot, path) = waiting;
        slot.Payload = Replies.With(slot.Xid, LastZxid, new SyncResponse(path));
        slot.AwaitedZxid = 0;
        if (_connections.TryGetValue(connection.Id, out var live) && live == connection)
        {
            Drain(connection);
        }
    }

    /// <summary>The member stopped serving (lost its quorum or leader): every client must reconnect.</summary>
    internal void CloseAllConnections()
    {
        foreach (var connection in _connections.Values.OrderBy(c => c.Id.Value).ToList())
        {
            CloseNow(connection);
        }
    }

    /// <summary>
    /// Forgets proposals that were never applied (they stay in the log; ZAB's next synchronization decides their
    /// fate) and anything waiting on the old leader.
    /// </summary>
    internal void ResetPipeline()
    {
        _inFlight.Clear();
        _outstanding.Clear();
        _remoteSlots.Clear();
        _pendingSyncs.Clear();
        _revalidating.Clear();
        _revalidations.Clear();
        _forwarded.Clear();
        _touched.Clear();
        _lastProposedZxid = LastZxid;
        foreach (var session in Sessions.All.Where(s => s.IsClosing).ToList())
        {
            // A close or expiry that never committed: the session is alive again until the new leader decides.
            session.IsClosing = false;
        }
    }

    /// <summary>Leader: the next proposal is the first of <paramref name="epoch"/>.</summary>
    internal void BeginEpoch(long epoch)
    {
        long first = epoch << 32;
        if (first <= LastZxid)
        {
            throw new InvalidOperationException($"epoch {epoch} does not follow zxid 0x{LastZxid:x}");
        }

        _lastProposedZxid = first;
    }

    /// <summary>Leader: a learner forwarded a client request; it is prepared here and always becomes a txn (maybe an error txn).</summary>
    internal void SubmitForwarded(ForwardedRequest request, long nowMs)
    {
        Advance(nowMs);
        var caller = new RequestPreparer.Caller(request.SessionId, request.AuthIds, NextZxid, nowMs);
        PreparedTxn txn;
        switch (request.Type)
        {
            case OpCode.CreateSession:
                {
                    int timeout = request.Body.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(request.Body) : 0;
                    byte[]? password = request.Body.Length == 4 + SessionPasswords.Length ? request.Body[4..] : null;
                    txn = Sessions.TryGet(request.SessionId, out _) || password is null
                        ? ErrorTxnOf(KeeperErrorCode.SessionMoved)
                        : new PreparedTxn((int)OpCode.CreateSession, new CreateSessionTxn(timeout, password));
                    break;
                }

            case OpCode.CloseSession:
                Sessions.SetClosing(request.SessionId);
                txn = _prep.PrepareCloseSession(caller);
                break;
            default:
                txn = PrepareForwarded(request, caller, nowMs);
                break;
        }

        Propose(request.SessionId, request.Cxid, nowMs, txn.Type, txn.Txn, origin: null);
    }

    private PreparedTxn PrepareForwarded(ForwardedRequest request, RequestPreparer.Caller caller, long nowMs)
    {
        object? record;
        try
        {
            var reader = new JuteReader(request.Body, _options.MaxBufferLength);
            record = ReadRecord(request.Type, ref reader);
            reader.ExpectEnd();
        }
        catch (JuteException)
        {
            return ErrorTxnOf(KeeperErrorCode.MarshallingError);
        }

        if (record is null or UnknownOp || !IsForwarded(request.Type))
        {
            return ErrorTxnOf(KeeperErrorCode.Unimplemented);
        }

        if (!Sessions.Touch(request.SessionId, nowMs))
        {
            return ErrorTxnOf(KeeperErrorCode.SessionExpired);
        }

        if (request.Type == OpCode.Reconfig)
        {
            return PrepareReconfig((ReconfigRequest)record, request.AuthIds);
        }

        if (request.Type == OpCode.Multi)
        {
            return _prep.PrepareMulti((MultiRequest)record, caller, out var multi, out var failure) == KeeperErrorCode.Ok
                ? multi
                : FailedMulti(failure!.Value);
        }

        var code = _prep.Prepare(request.Type, record, caller, out var txn);
        return code == KeeperErrorCode.Ok ? txn : ErrorTxnOf(code);
    }

    /// <summary>Learner (and a new leader's own log tail): applies one committed txn record.</summary>
    internal void ApplyCommitted(ReadOnlySpan<byte> txnRecord)
    {
        var reader = new JuteReader(txnRecord, int.MaxValue);
        var (header, txn) = TxnCodec.Read(ref reader);
        if (header.Zxid <= LastZxid)
        {
            return;
        }

        var result = _applier.Apply(header, txn, _nowMs);
        LastZxid = header.Zxid;
        _lastProposedZxid = Math.Max(_lastProposedZxid, header.Zxid);
        if (header.Type == (int)OpCode.Reconfig && txn is SetDataTxn reconfig && result.Err == KeeperErrorCode.Ok)
        {
            ConfigApplied?.Invoke(header.Zxid, reconfig.Data ?? []);
        }

        _tree.Applied(header.Zxid);
        _outstanding.Applied(header.Zxid);
        SendEvents();
        bool ours = _remoteSlots.ContainsKey((header.ClientId, header.Cxid));
        AnswerRemote(header, result);
        if (header.Type == (int)OpCode.CloseSession && !ours)
        {
            foreach (var owned in _connections.Values.Where(c => c.SessionId == header.ClientId).ToList())
            {
                CloseNow(owned);
            }
        }

        if (++_txnsSinceSnapshot >= _snapshotThreshold)
        {
            _ready.SnapshotDue = true;
            _txnsSinceSnapshot = 0;
            RollSnapshotThreshold();
        }

        foreach (var connection in _connections.Values.OrderBy(c => c.Id.Value).ToList())
        {
            Drain(connection);
        }
    }

    // ---------------------------------------------------------------- txns

    private long NextZxid => Math.Max(_lastProposedZxid, LastZxid) + 1;

    private void ProposeFor(Connection connection, int xid, OpCode type, long nowMs, PreparedTxn txn)
    {
        long zxid = Propose(connection.SessionId, xid, nowMs, txn.Type, txn.Txn, connection);
        var slot = new PendingReply { Xid = xid, Type = type, ReceivedMs = nowMs, AwaitedZxid = zxid };
        _inFlight.Last().Slot = slot;
        connection.Replies.Enqueue(slot);
    }

    private long Propose(long clientId, int cxid, long nowMs, int type, object txn, Connection? origin)
    {
        long zxid = NextZxid;
        _lastProposedZxid = zxid;
        var header = new TxnHeader(clientId, cxid, zxid, nowMs, type);
        var buffer = new ArrayBufferWriter<byte>(128);
        TxnCodec.Write(new JuteWriter(buffer), header, txn);
        _ready.Persist.Add(new PendingTxn(zxid, buffer.WrittenSpan.ToArray()));
        _inFlight.Enqueue(new InFlightTxn(header, txn, origin));
        if (++_txnsSinceSnapshot >= _snapshotThreshold)
        {
            _ready.SnapshotDue = true;
            _txnsSinceSnapshot = 0;
            RollSnapshotThreshold();
        }

        return zxid;
    }

    private void Apply(InFlightTxn inFlight)
    {
        var header = inFlight.Header;
        var result = _applier.Apply(header, inFlight.Txn, _nowMs);
        LastZxid = header.Zxid;
        if (header.Type == (int)OpCode.Reconfig && inFlight.Txn is SetDataTxn reconfig && result.Err == KeeperErrorCode.Ok)
        {
            ConfigApplied?.Invoke(header.Zxid, reconfig.Data ?? []);
        }

        _tree.Applied(header.Zxid);
        _outstanding.Applied(header.Zxid);
        SendEvents();

        if (inFlight.Slot is { } slot && inFlight.Origin is { } origin && _connections.TryGetValue(origin.Id, out var live) && live == origin)
        {
            slot.Payload ??= result.Err == KeeperErrorCode.Ok
                ? Replies.WithRecord(slot.Xid, LastZxid, result.Response)
                : Replies.Header(slot.Xid, LastZxid, result.Err);
        }

        AnswerRemote(header, result);

        if (header.Type == (int)OpCode.CloseSession && inFlight.Origin is null)
        {
            // Expiry: the client learns of it when it reconnects; its current connection just closes.
            foreach (var owned in _connections.Values.Where(c => c.SessionId == header.ClientId).ToList())
            {
                CloseNow(owned);
            }
        }
    }

    /// <summary>A forwarded request of one of our connections committed: its slot gets the reply.</summary>
    private void AnswerRemote(TxnHeader header, ApplyResult result)
    {
        if (!_remoteSlots.Remove((header.ClientId, header.Cxid), out var waiting))
        {
            return;
        }

        var (connection, slot) = waiting;
        if (!_connections.TryGetValue(connection.Id, out var live) || live != connection)
        {
            return;
        }

        if (slot.EstablishesSession && header.Type != (int)OpCode.CreateSession)
        {
            // The leader refused the session (error txn): tell the client the way an invalid re-attach is told.
            slot.Payload = ConnectReply(connection, 0, 0, new byte[SessionPasswords.Length]);
            slot.CloseAfter = true;
        }
        else if (!slot.EstablishesSession)
        {
            slot.Payload ??= result.Err == KeeperErrorCode.Ok
                ? Replies.WithRecord(slot.Xid, header.Zxid, result.Response)
                : Replies.Header(slot.Xid, header.Zxid, result.Err);
        }

        if (slot.EstablishesSession && Sessions.TryGet(header.ClientId, out var session))
        {
            session.Owner = connection.Id;
        }

        slot.AwaitedZxid = header.Zxid;
    }

    private bool IsCreationInFlight(long sessionId) =>
        _inFlight.Any(t => t.Header.Type == (int)OpCode.CreateSession && t.Header.ClientId == sessionId);

    // ---------------------------------------------------------------- replies

    private void Enqueue(Connection connection, int xid, OpCode type, long nowMs, Func<byte[]?> produce, bool closeAfter = false, bool counts = true) =>
        connection.Replies.Enqueue(new PendingReply { Xid = xid, Type = type, ReceivedMs = nowMs, Produce = produce, CloseAfter = closeAfter, CountsAsRequest = counts });

    private static PendingReply Immediate(Connection connection, int xid, OpCode type, long nowMs, byte[] payload, bool closeAfter) =>
        new() { Xid = xid, Type = type, ReceivedMs = nowMs, Payload = payload, CloseAfter = closeAfter, CountsAsRequest = false };

    /// <summary>Emits replies from the head of the connection's queue until one still waits for its txn.</summary>
    private void Drain(Connection connection)
    {
        while (connection.Replies.Count > 0 && connection.State != ConnectionState.Closing)
        {
            var head = connection.Replies.Peek();
            if (head.AwaitedZxid > LastZxid || (head.Payload is null && head.Produce is null))
            {
                return;
            }

            connection.Replies.Dequeue();
            byte[]? payload = head.Payload ?? Produce(connection, head);
            if (payload is not null)
            {
                Send(connection, payload);
            }

            if (head.CountsAsRequest)
            {
                Stats.Answered(connection.Stats, OperationName(head.Type), head.Xid, LastZxid, head.ReceivedMs, _nowMs);
            }

            if (head.CloseAfter)
            {
                CloseNow(connection);
                return;
            }

            if (head.EstablishesSession)
            {
                connection.State = ConnectionState.Established;
                while (connection.Held.Count > 0 && connection.State == ConnectionState.Established)
                {
                    var (frame, receivedMs) = connection.Held.Dequeue();
                    ProcessFrame(connection, frame, receivedMs);
                }
            }
        }
    }

    /// <summary>
    /// Runs a reply's producer. A producer only reads the tree and arms this connection's watches, so an exception
    /// in it (a bug, or an allocation failure) ends that one request: it is answered SYSTEMERROR and reported in
    /// <see cref="Ready.Faults"/>, and the server keeps serving. A reply past <see cref="CoreOptions.MaxReplyBytes"/>
    /// is replaced by MARSHALLINGERROR, whichever request built it.
    /// </summary>
    private byte[]? Produce(Connection connection, PendingReply head)
    {
        byte[]? payload;
        try
        {
            payload = head.Produce!();
        }
        catch (Exception e)
        {
            _ready.Faults.Add($"{OperationName(head.Type)} xid {head.Xid} of session 0x{connection.SessionId:x} failed: {e}");
            return Replies.Header(head.Xid, LastZxid, KeeperErrorCode.SystemError);
        }

        return payload is not null && payload.Length > _options.MaxReplyBytes
            ? Replies.Header(head.Xid, LastZxid, KeeperErrorCode.MarshallingError)
            : payload;
    }

    private void Send(Connection connection, byte[] payload)
    {
        _ready.Send.Add(new OutboundFrame(connection.Id, payload));
        _ready.SendBytes += payload.Length;
        Stats.Sent(connection.Stats, payload.Length);
    }

    private void SendEvents()
    {
        foreach (var watchEvent in _tree.Events)
        {
            if (_connections.TryGetValue(new ConnectionId(watchEvent.Watcher), out var watcher) && watcher.State == ConnectionState.Established)
            {
                SendEvent(watcher, watchEvent.Type, watchEvent.Path);
            }
        }

        _tree.Events.Clear();
    }

    private void SendEvent(Connection connection, EventType type, string path) =>
        Send(connection, Replies.Notification(new WatcherEvent((int)type, (int)KeeperState.SyncConnected, path)));

    /// <summary>
    /// Read-only mode: only clients that allow it; a new session is local (never logged, not in the session table), a
    /// re-attach of a global session is treated as new, as ZooKeeper's ReadOnlyZooKeeperServer does.
    /// </summary>
    private void ConnectReadOnly(Connection connection, ConnectRequest request, long nowMs)
    {
        if (!request.ReadOnly || request.LastZxidSeen > LastZxid)
        {
            CloseNow(connection);
            return;
        }

        int timeout = Math.Clamp(request.TimeOut, _options.EffectiveMinSessionTimeoutMs, _options.EffectiveMaxSessionTimeoutMs);
        long id = Sessions.NextId();
        _readOnlySessions.Add(id);
        connection.SessionId = id;
        connection.Stats.SessionId = id;
        connection.Stats.SessionTimeoutMs = timeout;
        connection.Replies.Enqueue(Immediate(connection, 0, OpCode.CreateSession, nowMs,
            ConnectReply(connection, timeout, id, SessionPasswords.New(_randomBytes), readOnly: true), closeAfter: false));
        connection.State = ConnectionState.Established;
        Drain(connection);
    }

    /// <summary>Read-only mode ends (an election decided): its clients must reconnect, its local sessions are gone.</summary>
    internal void EndReadOnly()
    {
        if (Mode != ServerMode.ReadOnly)
        {
            return;
        }

        CloseAllConnections();
        _readOnlySessions.Clear();
        Mode = ServerMode.NotServing;
    }

    private byte[] ConnectReply(Connection connection, int timeout, long sessionId, byte[] password, bool readOnly = false)
    {
        var buffer = new ArrayBufferWriter<byte>(ConnectResponse.WireSize);
        new ConnectResponse(0, timeout, sessionId, password, ReadOnly: readOnly).Write(new JuteWriter(buffer), connection.IncludeReadOnlyByte);
        return buffer.WrittenSpan.ToArray();
    }

    // ---------------------------------------------------------------- connections

    private void Malformed(Connection connection, string reason)
    {
        Stats.Malformed();
        if (connection.State != ConnectionState.Closing)
        {
            _ready.Malformed.Add(new MalformedInput(connection.Id, reason));
        }

        CloseNow(connection);
    }

    /// <summary>Closes after the frames already queued for it; nothing more is sent or processed.</summary>
    private void CloseNow(Connection connection)
    {
        if (connection.State == ConnectionState.Closing)
        {
            return;
        }

        _ready.Close.Add(connection.Id);
        Forget(connection);
    }

    private void Forget(Connection connection)
    {
        connection.State = ConnectionState.Closing;
        connection.Replies.Clear();
        connection.Held.Clear();
        Watches.RemoveWatcher(connection.WatcherId);
        if (connection.SessionId != 0 && Sessions.TryGet(connection.SessionId, out var session) && session.Owner == connection.Id)
        {
            session.Owner = null;
        }

        _connections.Remove(connection.Id);
        Stats.Closed(connection.Id);
    }

    // ---------------------------------------------------------------- helpers

    private void Advance(long nowMs) => _nowMs = Math.Max(_nowMs, nowMs);

    private void RollSnapshotThreshold()
    {
        int half = Math.Max(1, _options.SnapCount / 2);
        _snapshotThreshold = half + _random.Next(half);
    }

    private string NewNonce()
    {
        Span<byte> bytes = stackalloc byte[24];
        _randomBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    private static string HostOf(string remoteAddress)
    {
        if (remoteAddress.StartsWith('['))
        {
            int close = remoteAddress.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? remoteAddress[1..close] : remoteAddress;
        }

        int colon = remoteAddress.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon == remoteAddress.LastIndexOf(':') ? remoteAddress[..colon] : remoteAddress;
    }

    /// <summary>ZooKeeper's Request.op2String abbreviations, as cons prints them.</summary>
    internal static string OperationName(OpCode type) => type switch
    {
        OpCode.Create => "CREA",
        OpCode.Create2 => "CREA",
        OpCode.CreateContainer => "CREA",
        OpCode.CreateTtl => "CREA",
        OpCode.Delete => "DELE",
        OpCode.Exists => "EXIS",
        OpCode.GetData => "GETD",
        OpCode.SetData => "SETD",
        OpCode.GetAcl => "GETA",
        OpCode.SetAcl => "SETA",
        OpCode.GetChildren => "GETC",
        OpCode.GetChildren2 => "GETC",
        OpCode.Sync => "SYNC",
        OpCode.Ping => "PING",
        OpCode.Check => "CHEC",
        OpCode.Multi => "MULT",
        OpCode.MultiRead => "MLTR",
        OpCode.CloseSession => "CLOS",
        OpCode.Auth => "AUTH",
        OpCode.Sasl => "SASL",
        OpCode.SetWatches or OpCode.SetWatches2 => "SETW",
        OpCode.CheckWatches => "CHKW",
        OpCode.RemoveWatches => "REMW",
        OpCode.AddWatch => "ADDW",
        OpCode.GetEphemerals => "GETE",
        OpCode.GetAllChildrenNumber => "GETACN",
        OpCode.WhoAmI => "WHOAMI",
        OpCode.Reconfig => "RECO",
        _ => ((int)type).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The record for an opcode, read off the frame; <see cref="UnknownOp.Instance"/> when the opcode is not one
    /// clients send. Internal for the fuzzer (tests/Zk.Node.Fuzz), which feeds it hostile bodies.
    /// </summary>
    internal static object? ReadRecord(OpCode type, ref JuteReader reader) => type switch
    {
        OpCode.Ping or OpCode.CloseSession or OpCode.WhoAmI => null,
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => CreateRequest.Read(ref reader),
        OpCode.CreateTtl => CreateTtlRequest.Read(ref reader),
        OpCode.Delete => DeleteRequest.Read(ref reader),
        OpCode.Exists => ExistsRequest.Read(ref reader),
        OpCode.GetData => GetDataRequest.Read(ref reader),
        OpCode.SetData => SetDataRequest.Read(ref reader),
        OpCode.GetAcl => GetAclRequest.Read(ref reader),
        OpCode.SetAcl => SetAclRequest.Read(ref reader),
        OpCode.GetChildren => GetChildrenRequest.Read(ref reader),
        OpCode.GetChildren2 => GetChildren2Request.Read(ref reader),
        OpCode.Sync => SyncRequest.Read(ref reader),
        OpCode.Check => CheckVersionRequest.Read(ref reader),
        OpCode.Multi or OpCode.MultiRead => MultiRequest.Read(ref reader),
        OpCode.Reconfig => ReconfigRequest.Read(ref reader),
        OpCode.CheckWatches => CheckWatchesRequest.Read(ref reader),
        OpCode.RemoveWatches => RemoveWatchesRequest.Read(ref reader),
        OpCode.Auth => AuthPacket.Read(ref reader),
        OpCode.SetWatches => SetWatches.Read(ref reader),
        OpCode.SetWatches2 => SetWatches2.Read(ref reader),
        OpCode.Sasl => GetSaslRequest.Read(ref reader),
        OpCode.GetEphemerals => GetEphemeralsRequest.Read(ref reader),
        OpCode.GetAllChildrenNumber => GetAllChildrenNumberRequest.Read(ref reader),
        OpCode.AddWatch => AddWatchRequest.Read(ref reader),
        _ => UnknownOp.Instance,
    };

    private const int RequestHeaderSize = 8;

    internal sealed class UnknownOp
    {
        public static readonly UnknownOp Instance = new();
    }

    private sealed class InFlightTxn(TxnHeader header, object txn, Connection? origin)
    {
        public TxnHeader Header { get; } = header;

        public object Txn { get; } = txn;

        public Connection? Origin { get; } = origin;

        public PendingReply? Slot { get; set; }
    }
}
