using System.Net;
using System.Threading.Channels;
using Zk.Client.Calls;
using Zk.Client.Connection;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Client;

/// <summary>
/// An asynchronous ZooKeeper client: one session over one pipelined connection at a time. Requests may be issued
/// concurrently from any thread; they go on the wire in call order and complete in that order. When the
/// connection drops, pending calls fail with ConnectionLoss and the client re-attaches the same session through
/// the next host of the connect string, re-sending credentials and re-arming watches; calls issued meanwhile wait
/// for the new connection. When the server reports the session expired, every later call fails with SessionExpired.
/// Watch notifications and session state changes arrive on <see cref="Events"/>.
/// </summary>
public sealed class ZkClient : IAsyncDisposable, IConnectionOwner
{
    /// <summary>The node holding the ensemble's dynamic configuration; never chrooted.</summary>
    public const string ConfigPath = "/zookeeper/config";

    private readonly ConnectionString _connectString;
    private readonly int _requestedTimeoutMs;
    private readonly ZkClientOptions _options;
    private readonly Lock _stateLock = new();
    private readonly WatchRegistry _watches = new();
    private readonly List<(string Scheme, byte[] Auth)> _auths = [];
    private readonly SemaphoreSlim _throttle;
    private readonly Action _releaseSlot;
    private readonly Channel<WatchedEvent> _events = Channel.CreateUnbounded<WatchedEvent>(new UnboundedChannelOptions { SingleWriter = false });
    private volatile ZkConnection? _connection;
    private TaskCompletionSource _connectedSignal = NewSignal();
    private volatile SessionState _state = SessionState.Disconnected;
    private bool _closing;
    private long _sessionId;
    private byte[]? _password;
    private int _negotiatedTimeoutMs;
    private long _lastZxidSeen;
    private int _xid;
    private int _hostIndex;

    private ZkClient(ConnectionString connectString, TimeSpan sessionTimeout, ZkClientOptions options)
    {
        _connectString = connectString;
        _requestedTimeoutMs = (int)Math.Clamp(sessionTimeout.TotalMilliseconds, 1, int.MaxValue);
        _options = options;
        _throttle = new SemaphoreSlim(options.MaxOutstandingRequests, options.MaxOutstandingRequests);
        _releaseSlot = () => _throttle.Release();
    }

    public long SessionId => Interlocked.Read(ref _sessionId);

    /// <summary>The 16-byte session password; with <see cref="SessionId"/> it lets another client re-attach the session.</summary>
    public byte[] SessionPassword => (byte[])(_password ?? []).Clone();

    /// <summary>The timeout the server granted (it clamps the requested one into its min/max range).</summary>
    public TimeSpan SessionTimeout => TimeSpan.FromMilliseconds(Volatile.Read(ref _negotiatedTimeoutMs));

    public SessionState State => _state;

    /// <summary>The highest zxid seen in any reply; sent on reconnect so the client never goes back in time.</summary>
    public long LastZxidSeen => Interlocked.Read(ref _lastZxidSeen);

    /// <summary>The server of the current connection, null while disconnected.</summary>
    public DnsEndPoint? ConnectedServer => _connection?.EndPoint;

    public string? Chroot => _connectString.Chroot;

    /// <summary>Watch notifications and session state changes, in arrival order. Completes after Expired or Closed.</summary>
    public ChannelReader<WatchedEvent> Events => _events.Reader;

    /// <summary>
    /// Raised with every event also written to <see cref="Events"/>, in the same order, so that recipes can observe
    /// watches and session changes without taking events from the application's reader. Handlers run on the
    /// client's I/O path, sometimes under its state lock: they must only signal (complete a task, cancel a token).
    /// </summary>
    public event Action<WatchedEvent>? EventObserved;

    /// <summary>Connects to one of the hosts in <paramref name="connectString"/> (<c>h1:p1,h2:p2[/chroot]</c>) and creates a session.</summary>
    public static Task<ZkClient> ConnectAsync(string connectString, TimeSpan sessionTimeout, CancellationToken cancellationToken = default) =>
        ConnectAsync(connectString, sessionTimeout, ZkClientOptions.Default, cancellationToken);

    public static async Task<ZkClient> ConnectAsync(string connectString, TimeSpan sessionTimeout, ZkClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new ZkClient(ConnectionString.Parse(connectString), sessionTimeout, options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(sessionTimeout);
        try
        {
            await client.ConnectLoopAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeeperException(KeeperErrorCode.ConnectionLoss, inner: new TimeoutException($"no server of '{connectString}' answered within {sessionTimeout}"));
        }

        if (client._state == SessionState.Expired)
        {
            throw new KeeperException(KeeperErrorCode.SessionExpired);
        }

        return client;
    }

    public async Task<string> CreateAsync(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent) =>
        (await Send(new CreateCall(path, ToServer(path), data, acl, mode, Chroot, wantStat: false))).Path;

    /// <summary>create2: also returns the new node's Stat.</summary>
    public async Task<(string Path, Stat Stat)> Create2Async(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent)
    {
        var (created, stat) = await Send(new CreateCall(path, ToServer(path), data, acl, mode, Chroot, wantStat: true));
        return (created, stat!.Value);
    }

    /// <summary>Deletes the node if its version matches (-1 matches any).</summary>
    public Task DeleteAsync(string path, int version = -1) => Send(new DeleteCall(path, ToServer(path), version));

    /// <summary>The node's Stat, or null when it does not exist. With <paramref name="watch"/> a watch is left either way.</summary>
    public Task<Stat?> ExistsAsync(string path, bool watch = false) => Send(new ExistsCall(path, ToServer(path), watch));

    /// <summary>Data is null when the node was created with null data, empty when created with empty data.</summary>
    public Task<(byte[]? Data, Stat Stat)> GetDataAsync(string path, bool watch = false) => Send(new GetDataCall(path, ToServer(path), watch));

    public Task<Stat> SetDataAsync(string path, byte[]? data, int version = -1) =>
        Send(new SetDataCall(path, ToServer(path), data, version));

    public async Task<IReadOnlyList<string>> GetChildrenAsync(string path, bool watch = false) =>
        (await Send(new GetChildrenCall(path, ToServer(path), watch))).Children;

    /// <summary>getChildren2: the children (unordered) and the parent's Stat.</summary>
    public Task<(IReadOnlyList<string> Children, Stat Stat)> GetChildren2Async(string path, bool watch = false) =>
        Send(new GetChildrenCall(path, ToServer(path), watch));

    /// <summary>Makes the connected server catch up with the leader before the reads issued after it.</summary>
    public Task SyncAsync(string path) => Send(new SyncCall(path, ToServer(path), Chroot));

    /// <summary>
    /// Runs the ops atomically. On failure throws a <see cref="KeeperException"/> with the first failing op's code
    /// and <see cref="KeeperException.Results"/> holding every op's result.
    /// </summary>
    public Task<IReadOnlyList<OpResult>> MultiAsync(IEnumerable<Op> ops)
    {
        return Send(new MultiCall(ops.ToList(), Chroot));
    }

    /// <summary>Adds credentials to this session's connections (e.g. scheme "digest", auth "user:password"); re-sent after every reconnect.</summary>
    public async Task AddAuthAsync(string scheme, byte[] auth)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(auth);
        await Send(new AuthCall(scheme, auth));
        lock (_stateLock)
        {
            _auths.Add((scheme, auth));
        }
    }

    /// <summary>The ensemble's dynamic configuration (getData on /zookeeper/config, ignoring the chroot).</summary>
    public Task<(byte[]? Data, Stat Stat)> GetConfigAsync(bool watch = false) => Send(new GetDataCall(ConfigPath, ConfigPath, watch));

    /// <summary>
    /// Incremental (joining/leaving) or bulk (newMembers) reconfiguration; <paramref name="fromConfig"/> is the
    /// expected current config version or -1. Returns the new configuration and the Stat of /zookeeper/config.
    /// </summary>
    public Task<(byte[] Config, Stat Stat)> ReconfigAsync(string? joining, string? leaving, string? newMembers, long fromConfig = -1) =>
        Send(new ReconfigCall(joining, leaving, newMembers, fromConfig));

    /// <summary>Closes the session (its ephemerals go away now, not after the timeout) and the connection.</summary>
    public async Task CloseAsync()
    {
        ZkConnection? connection;
        lock (_stateLock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            connection = _connection;
        }

        if (connection is not null && _state != SessionState.Expired)
        {
            var close = new CloseSessionCall();
            try
            {
                if (connection.TrySend(close))
                {
                    await close.Task.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(_negotiatedTimeoutMs, 1000)), _options.TimeProvider);
                }
            }
            catch (Exception e) when (e is KeeperException or TimeoutException)
            {
                // The session will expire on its own.
            }

            connection.Abort(null);
        }

        lock (_stateLock)
        {
            _connection = null;
            if (_state != SessionState.Expired)
            {
                SetTerminalLocked(SessionState.Closed);
            }
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    int IConnectionOwner.NextXid()
    {
        int xid = Interlocked.Increment(ref _xid);
        if (xid <= 0)
        {
            // Wrap like kazoo: positive xids only, the negative ones are reserved.
            Interlocked.CompareExchange(ref _xid, 1, xid);
            xid = 1;
        }

        return xid;
    }

    void IConnectionOwner.OnZxid(long zxid)
    {
        long seen = Interlocked.Read(ref _lastZxidSeen);
        while (zxid > seen)
        {
            long previous = Interlocked.CompareExchange(ref _lastZxidSeen, zxid, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    void IConnectionOwner.OnNotification(WatchEventType type, string serverPath)
    {
        _watches.OnEvent(type, serverPath);
        Publish(new WatchedEvent(type, SessionState.SyncConnected, PathUtil.ToClient(Chroot, serverPath)));
    }

    void IConnectionOwner.OnWatchReply(WatchKind kind, string serverPath, KeeperErrorCode err) => _watches.OnReply(kind, serverPath, err);

    void IConnectionOwner.OnAuthFailed() => Publish(new WatchedEvent(WatchEventType.None, SessionState.AuthFailed, null));

    void IConnectionOwner.OnClosed(ZkConnection connection, Exception? reason)
    {
        lock (_stateLock)
        {
            if (!ReferenceEquals(_connection, connection) || _closing)
            {
                return;
            }

            _connection = null;
            _state = SessionState.Disconnected;
            _connectedSignal = NewSignal();
            _hostIndex = (_hostIndex + 1) % _connectString.Hosts.Count;
            Publish(new WatchedEvent(WatchEventType.None, SessionState.Disconnected, null));
        }

        _ = Task.Run(() => ConnectLoopAsync(CancellationToken.None));
    }

    private string ToServer(string path) => PathUtil.ToServer(Chroot, path);

    private Task<T> Send<T>(ZkCall<T> call)
    {
        var connection = _connection;
        if (connection is not null && _throttle.Wait(0))
        {
            call.Finished = _releaseSlot;
            if (connection.TrySend(call))
            {
                return call.Task;
            }

            call.Finished = null;
            _throttle.Release();
        }

        return SendSlowAsync(call);
    }

    /// <summary>Waits for a throttle slot and, while disconnected, for the next connection (up to the session timeout).</summary>
    private async Task<T> SendSlowAsync<T>(ZkCall<T> call)
    {
        var time = _options.TimeProvider;
        long started = time.GetTimestamp();
        var limit = TimeSpan.FromMilliseconds(Math.Max(_negotiatedTimeoutMs, _requestedTimeoutMs));
        await _throttle.WaitAsync();
        bool sent = false;
        try
        {
            while (true)
            {
                ThrowIfTerminal();
                var connection = _connection;
                call.Finished = _releaseSlot;
                if (connection is not null && connection.TrySend(call))
                {
                    sent = true;
                    break;
                }

                call.Finished = null;
                Task signal;
                lock (_stateLock)
                {
                    signal = _connectedSignal.Task;
                }

                var remaining = limit - time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new KeeperException(KeeperErrorCode.ConnectionLoss, call.ClientPath);
                }

                try
                {
                    await signal.WaitAsync(remaining, time);
                }
                catch (TimeoutException e)
                {
                    throw new KeeperException(KeeperErrorCode.ConnectionLoss, call.ClientPath, inner: e);
                }
            }
        }
        finally
        {
            if (!sent)
            {
                _throttle.Release();
            }
        }

        return await call.Task;
    }

    private void ThrowIfTerminal()
    {
        switch (_state)
        {
            case SessionState.Expired:
                throw new KeeperException(KeeperErrorCode.SessionExpired);
            case SessionState.Closed:
                throw new ObjectDisposedException(nameof(ZkClient), "the session was closed");
        }
    }

    /// <summary>Tries every host in turn, starting after the one that failed last, until one accepts the session.</summary>
    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        var hosts = _connectString.Hosts;
        while (true)
        {
            for (int i = 0; i < hosts.Count; i++)
            {
                lock (_stateLock)
                {
                    if (_closing)
                    {
                        return;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                int index = (_hostIndex + i) % hosts.Count;
                ZkConnection connection;
                using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attempt.CancelAfter(_options.ConnectAttemptTimeout);
                    try
                    {
                        connection = await ZkConnection.OpenAsync(
                            hosts[index], LastZxidSeen, _requestedTimeoutMs, SessionId, _password, _options, attempt.Token);
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or Zk.Node.Protocol.Jute.JuteException)
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            throw;
                        }

                        continue;
                    }
                }

                if (connection.Handshake.IsExpired)
                {
                    connection.Abort(null);
                    lock (_stateLock)
                    {
                        SetTerminalLocked(SessionState.Expired);
                    }

                    return;
                }

                Install(connection, index);
                return;
            }

            await Task.Delay(_options.ReconnectBackoff, _options.TimeProvider, cancellationToken);
        }
    }

    private void Install(ZkConnection connection, int hostIndex)
    {
        var handshake = connection.Handshake;
        lock (_stateLock)
        {
            if (_closing)
            {
                connection.Abort(null);
                return;
            }

            _hostIndex = hostIndex;
            Interlocked.Exchange(ref _sessionId, handshake.SessionId);
            _password = handshake.Password;
            Volatile.Write(ref _negotiatedTimeoutMs, handshake.TimeoutMs);
            connection.Start(this);

            // Credentials and watches go ahead of any user request on the new connection.
            foreach (var (scheme, auth) in _auths)
            {
                connection.TrySend(new AuthCall(scheme, auth));
            }

            if (!_watches.IsEmpty)
            {
                var (data, exist, child) = _watches.Snapshot();
                connection.TrySend(new SetWatchesCall(LastZxidSeen, data, exist, child));
            }

            _connection = connection;
            _state = handshake.ReadOnly ? SessionState.ConnectedReadOnly : SessionState.SyncConnected;
            Publish(new WatchedEvent(WatchEventType.None, _state, null));
            _connectedSignal.TrySetResult();
        }

        if (connection.IsClosed)
        {
            // It died while we installed it; its OnClosed was ignored or is waiting on the lock and will reconnect.
            ((IConnectionOwner)this).OnClosed(connection, null);
        }
    }

    private void SetTerminalLocked(SessionState state)
    {
        _state = state;
        _connection = null;
        _watches.Clear();
        Publish(new WatchedEvent(WatchEventType.None, state, null));
        _events.Writer.TryComplete();
        _connectedSignal.TrySetResult();
    }

    private void Publish(WatchedEvent e)
    {
        EventObserved?.Invoke(e);
        _events.Writer.TryWrite(e);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
