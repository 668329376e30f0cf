using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Network;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// The leader-learner channel on the quorum port. A leader listens and learns each learner's id from its first
/// packet (FOLLOWERINFO or OBSERVERINFO, whose <see cref="LearnerInfo"/> starts with the sid); a learner connects to
/// the elected leader, retrying until a deadline. Afterwards both sides are the same: packets in, via
/// <see cref="IQuorumTransportEvents"/>; packets out, queued by the core thread with <c>Send</c> and put
/// on the wire by <see cref="Flush"/>.
/// </summary>
internal sealed class QuorumTransport : IAsyncDisposable
{
    private readonly QuorumTransportOptions _options;
    private readonly IQuorumTransportEvents _events;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly TimeProvider _time;
    private readonly NodeLog _log;
    private readonly ConcurrentDictionary<long, QuorumConnection> _connections = new();
    private readonly HashSet<QuorumConnection> _touched = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Socket? _listener;
    private CancellationTokenSource? _leaderAttempt;

    public QuorumTransport(
        QuorumTransportOptions options,
        IQuorumTransportEvents events,
        TimeProvider time,
        NodeLog log,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _options = options;
        _events = events;
        _time = time;
        _log = log;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    public IPEndPoint? ListeningOn => (IPEndPoint?)_listener?.LocalEndPoint;

    /// <summary>Ids with a live connection (a leader's learners, or a learner's leader).</summary>
    public IReadOnlyList<long> Connected => [.. _connections.Where(c => !c.Value.IsClosed).Select(c => c.Key).Order()];

    /// <summary>Leader side: bind the quorum port and accept learners until <see cref="StopListening"/>.</summary>
    public void StartListening()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var address = _options.ListenOnAllIps ? IPAddress.Any
                : IPAddress.TryParse(_options.Self.Host, out var literal) ? literal
                : Dns.GetHostAddresses(_options.Self.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                ListenSocket.BindExclusive(socket, new IPEndPoint(address, _options.Self.Port));
                socket.Listen(64);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _listener = socket;
            _ = AcceptLoopAsync(socket);
        }

        _log.Info($"leader listening for learners on {ListeningOn}");
    }

    /// <summary>Leader side: stop accepting and close every learner (leaving the leading state).</summary>
    public void StopListening()
    {
        Socket? listener;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
        }

        listener?.Dispose();
        CloseAll();
    }

    /// <summary>
    /// Learner side: connect to <paramref name="leaderSid"/> (closing any previous leader connection), retrying until
    /// the deadline; reports <see cref="IQuorumTransportEvents.LeaderConnected"/> or <see cref="IQuorumTransportEvents.LeaderUnreachable"/>.
    /// </summary>
    public void ConnectToLeader(long leaderSid, PeerEndpoint endpoint)
    {
        CancellationTokenSource attempt;
        lock (_gate)
        {
            _leaderAttempt?.Cancel();
            _leaderAttempt = attempt = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        }

        Close(leaderSid);
        _ = Task.Run(() => ConnectLoopAsync(leaderSid, endpoint, attempt.Token), CancellationToken.None);
    }

    /// <summary>
    /// Core thread: queue a packet for <paramref name="sid"/> on <paramref name="connection"/>; dropped when that is no
    /// longer the live connection (the core learns of that from Disconnected, or already closed it).
    /// </summary>
    public bool Send(long sid, long connection, in QuorumPacket packet)
    {
        if (!_connections.TryGetValue(sid, out var live) || live.Id != connection)
        {
            return false;
        }

        return Send(sid, packet);
    }

    /// <summary>Learner side: give up a pending leader connect (the live connection, if any, stays).</summary>
    public void CancelLeaderConnect()
    {
        lock (_gate)
        {
            _leaderAttempt?.Cancel();
            _leaderAttempt = null;
        }
    }

    /// <summary>Core thread: queue a packet for whichever connection to <paramref name="sid"/> is live.</summary>
    public bool Send(long sid, in QuorumPacket packet)
    {
        if (!_connections.TryGetValue(sid, out var connection) || connection.IsClosed)
        {
            return false;
        }

        connection.Enqueue(packet);
        _touched.Add(connection);
        return true;
    }

    /// <summary>Core thread: put everything queued since the last flush on the wire, one write per connection.</summary>
    public void Flush()
    {
        foreach (var connection in _touched)
        {
            connection.Flush();
        }

        _touched.Clear();
    }

    /// <summary>
    /// Core thread: close the connection to <paramref name="sid"/> after what is queued on it (a learner that fell
    /// behind syncLimit, or a leader we stop following). Not reported back as Disconnected: the caller knows.
    /// </summary>
    public void Close(long sid)
    {
        if (_connections.TryRemove(sid, out var connection))
        {
            CloseAfterSending(connection);
        }
    }

    /// <summary>Core thread: close <paramref name="connection"/> if it is still the live one to <paramref name="sid"/>.</summary>
    public void Close(long sid, long connection)
    {
        if (_connections.TryGetValue(sid, out var live) && live.Id == connection)
        {
            Close(sid);
        }
    }

    /// <summary>Closes every connection and cancels a pending leader connect, without reporting them.</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            _leaderAttempt?.Cancel();
            _leaderAttempt = null;
        }

        foreach (long sid in _connections.Keys)
        {
            Close(sid);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
        }

        foreach (var connection in _connections.Values)
        {
            connection.Close();
        }

        _connections.Clear();
    }

    /// <summary>
    /// Core thread: what the core queued before closing still goes out (a COMMITANDACTIVATE naming the next leader is
    /// followed at once by the close), then the socket closes; a peer that stopped reading cannot hold it open past
    /// <see cref="QuorumTransportOptions.CloseGraceMs"/>.
    /// </summary>
    private void CloseAfterSending(QuorumConnection connection)
    {
        connection.CloseAfterSending();
        _ = CloseLaterAsync(connection);
    }

    private async Task CloseLaterAsync(QuorumConnection connection)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_options.CloseGraceMs), _time, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        connection.Close();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                if (!ReferenceEquals(_listener, listener))
                {
                    break;
                }

                // Out of file descriptors accept fails again at once: pause instead of spinning (ZooKeeper waits 10 ms).
                _log.Warn($"quorum accept failed: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(10), _time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => RunLearnerAsync(new QuorumConnection(socket)), CancellationToken.None);
        }
    }

    private async Task RunLearnerAsync(QuorumConnection connection)
    {
        QuorumPacket first;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, connection.ClosedToken);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(_options.FirstPacketTimeoutMs));
            first = await connection.ReadAsync(_options.MaxPacketBytes, timeout.Token).ConfigureAwait(false)
                ?? throw new IOException("closed before identifying itself");
            if (first.PacketType is not (PacketType.FollowerInfo or PacketType.ObserverInfo))
            {
                throw new JuteException($"first packet is {first.PacketType}, not FOLLOWERINFO or OBSERVERINFO");
            }

            if (first.Data is not { Length: >= 8 } data)
            {
                throw new JuteException("learner info is shorter than a server id");
            }

            connection.Sid = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(data);
        }
        catch (Exception e) when (e is JuteException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _log.Warn($"dropping learner connection from {connection.Remote}: {e.Message}");
            }

            connection.Close();
            return;
        }

        long sid = connection.Sid;
        if (_connections.TryGetValue(sid, out var previous))
        {
            _log.Info($"server {sid} reconnected from {connection.Remote}; closing its previous connection");
        }

        _connections[sid] = connection;
        previous?.Close();
        connection.StartSending();
        _events.LearnerConnected(sid, connection.Id, first.PacketType == PacketType.ObserverInfo ? LearnerRole.Observer : LearnerRole.Participant);
        _events.Received(sid, connection.Id, first);
        await ReceiveLoopAsync(connection).ConfigureAwait(false);
    }

    private async Task ConnectLoopAsync(long leaderSid, PeerEndpoint endpoint, CancellationToken cancel)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromMilliseconds(_options.LeaderConnectDeadlineMs);
        string? lastError = null;
        int retryMs = _options.MinLeaderConnectRetryMs;
        while (!cancel.IsCancellationRequested)
        {
            Socket? socket = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
                var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await _resolve(endpoint.Host, timeout.Token).ConfigureAwait(false);
                socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(addresses[0], endpoint.Port), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or IndexOutOfRangeException)
            {
                socket?.Dispose();
                lastError = e.Message;
                if (cancel.IsCancellationRequested)
                {
                    return;
                }

                if (_time.GetUtcNow() >= deadline)
                {
                    _log.Warn($"cannot reach leader {leaderSid} at {endpoint}: {lastError}");
                    _events.LeaderUnreachable(leaderSid);
                    return;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(retryMs), _time, cancel).ConfigureAwait(false);
                    retryMs = Math.Min(retryMs * 2, _options.MaxLeaderConnectRetryMs);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var connection = new QuorumConnection(socket) { Sid = leaderSid };
            lock (_gate)
            {
                if (cancel.IsCancellationRequested)
                {
                    connection.Close();
                    return;
                }

                _connections[leaderSid] = connection;
            }

            connection.StartSending();
            _log.Info($"connected to leader {leaderSid} at {endpoint}");
            _events.LeaderConnected(leaderSid, connection.Id);
            await ReceiveLoopAsync(connection).ConfigureAwait(false);
            return;
        }
    }

    private async Task ReceiveLoopAsync(QuorumConnection connection)
    {
        long sid = connection.Sid;
        try
        {
            while (true)
            {
                var packet = await connection.ReadAsync(_options.MaxPacketBytes, connection.ClosedToken).ConfigureAwait(false);
                if (packet is null || !IsCurrent(connection))
                {
                    break;
                }

                _events.Received(sid, connection.Id, packet.Value);
            }
        }
        catch (JuteException e)
        {
            _log.Warn($"closing quorum connection with server {sid}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            connection.Close();
            await connection.Input.CompleteAsync().ConfigureAwait(false);
            if (_connections.TryRemove(new KeyValuePair<long, QuorumConnection>(sid, connection)))
            {
                _events.Disconnected(sid, connection.Id);
            }
        }
    }

    private bool IsCurrent(QuorumConnection connection) =>
        _connections.TryGetValue(connection.Sid, out var current) && ReferenceEquals(current, connection);
}
