using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Network;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// ZooKeeper's QuorumCnxManager: the election channel between every pair of members, over TCP on the election
/// port. Whoever has a message connects and sends an <see cref="ElectionHandshake"/>; only a connection opened
/// by the larger server id is kept, so when the smaller id connects the larger one drops it and connects back.
/// Each peer has one bounded send queue that drops its oldest vote. Received messages go to the callback (the
/// host posts them to the core thread). Names that do not resolve yet and refused connections are retried with
/// backoff for as long as something is waiting to be sent.
/// </summary>
internal sealed class ElectionTransport : IAsyncDisposable
{
    private readonly ElectionTransportOptions _options;
    private readonly Action<long, byte[]> _deliver;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly TimeProvider _time;
    private readonly NodeLog _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ElectionPeer> _peers = [];
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    /// <param name="peers">the other members' election addresses (this server's own id may be among them).</param>
    /// <param name="deliver">called on an I/O thread with the sender's id and one message (for the core: a Notification).</param>
    /// <param name="resolve">host name lookup; tests substitute one that fails first.</param>
    public ElectionTransport(
        ElectionTransportOptions options,
        IReadOnlyDictionary<long, PeerEndpoint> peers,
        Action<long, byte[]> deliver,
        TimeProvider time,
        NodeLog log,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _options = options;
        _deliver = deliver;
        _time = time;
        _log = log;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        foreach (var (sid, endpoint) in peers)
        {
            if (sid != options.MySid)
            {
                _peers[sid] = new ElectionPeer(sid, endpoint, options.SendQueueCapacity);
            }
        }
    }

    /// <summary>Raised after each failed bind attempt (tests synchronise on it).</summary>
    public event Action<int>? BindAttemptFailed;

    public IPEndPoint LocalEndpoint => (IPEndPoint?)_listener?.LocalEndPoint ?? throw new InvalidOperationException("not started");

    /// <summary>Ids with an established connection right now.</summary>
    public IReadOnlyList<long> ConnectedPeers
    {
        get
        {
            lock (_gate)
            {
                return [.. _peers.Values.Where(p => p.Connection is { IsClosed: false }).Select(p => p.Sid).Order()];
            }
        }
    }

    /// <summary>True when the live connection to <paramref name="sid"/> was opened by this server.</summary>
    public bool? IsOutbound(long sid)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(sid, out var peer) && peer.Connection is { IsClosed: false } c ? c.Outbound : null;
        }
    }

    /// <summary>Binds the election port (retrying electionPortBindRetry times) and starts accepting.</summary>
    /// <exception cref="SocketException">the port stayed unavailable through every retry.</exception>
    public async Task StartAsync(CancellationToken cancel)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var address = await ListenAddressAsync(cancel).ConfigureAwait(false);
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
                break;
            }
            catch (SocketException e)
            {
                BindAttemptFailed?.Invoke(attempt);
                if (_options.BindRetries > 0 && attempt > _options.BindRetries)
                {
                    _log.Error($"cannot bind election port {_options.Self}: {e.Message} (gave up after {attempt} attempts)");
                    throw;
                }

                _log.Warn($"cannot bind election port {_options.Self}: {e.Message}; retrying (attempt {attempt})");
                await Task.Delay(TimeSpan.FromMilliseconds(_options.BindRetryIntervalMs), _time, cancel).ConfigureAwait(false);
            }
        }

        _log.Info($"election channel listening on {LocalEndpoint} (myid {_options.MySid})");
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Queues <paramref name="message"/> for <paramref name="sid"/> (dropping the oldest queued one when full) and makes sure a connection is on its way.</summary>
    public void Send(long sid, byte[] message)
    {
        if (sid == _options.MySid)
        {
            _deliver(sid, message);
            return;
        }

        var peer = PeerFor(sid, null);
        peer.Queue.Writer.TryWrite(message);
        EnsureConnecting(peer);
    }

    /// <summary>Makes <paramref name="endpoint"/> known for <paramref name="sid"/> unless an address is known already (a member added by reconfig).</summary>
    public void AddPeer(long sid, PeerEndpoint endpoint)
    {
        if (sid != _options.MySid)
        {
            PeerFor(sid, endpoint);
        }
    }

    /// <summary>Tries to connect to every known peer without a connection (FastLeaderElection calls this when no votes arrive).</summary>
    public void ConnectAll()
    {
        lock (_gate)
        {
            foreach (var peer in _peers.Values)
            {
                EnsureConnectingLocked(peer);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        lock (_gate)
        {
            foreach (var peer in _peers.Values)
            {
                peer.Connection?.Close();
                peer.Queue.Writer.TryComplete();
            }
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<IPAddress> ListenAddressAsync(CancellationToken cancel)
    {
        if (_options.ListenOnAllIps)
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(_options.Self.Host, out var literal))
        {
            return literal;
        }

        try
        {
            var addresses = await _resolve(_options.Self.Host, cancel).ConfigureAwait(false);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            // Reported as a bind failure so electionPortBindRetry covers a name that is not in DNS yet.
            throw new SocketException((int)SocketError.HostNotFound, $"{_options.Self.Host} does not resolve: {e.Message}");
        }
    }

    private ElectionPeer PeerFor(long sid, PeerEndpoint? learned)
    {
        lock (_gate)
        {
            if (!_peers.TryGetValue(sid, out var peer))
            {
                peer = new ElectionPeer(sid, learned, _options.SendQueueCapacity);
                _peers[sid] = peer;
            }
            else if (peer.Endpoint is null && learned is not null)
            {
                peer.Endpoint = learned;
            }

            return peer;
        }
    }

    private void EnsureConnecting(ElectionPeer peer)
    {
        lock (_gate)
        {
            EnsureConnectingLocked(peer);
        }
    }

    private void EnsureConnectingLocked(ElectionPeer peer)
    {
        if (_stopping.IsCancellationRequested || peer.Connecting || peer.Connection is { IsClosed: false })
        {
            return;
        }

        peer.Connecting = true;
        _ = Task.Run(() => ConnectLoopAsync(peer), CancellationToken.None);
    }

    /// <summary>
    /// Connects until a connection to <paramref name="peer"/> exists. When the peer's id is larger, a successful
    /// connect is only a request to be called back, so this waits one backoff and checks again.
    /// </summary>
    private async Task ConnectLoopAsync(ElectionPeer peer)
    {
        int backoffMs = _options.MinReconnectBackoffMs;
        int failures = 0;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                lock (_gate)
                {
                    if (peer.Connection is { IsClosed: false })
                    {
                        return;
                    }
                }

                try
                {
                    await ConnectOnceAsync(peer).ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidOperationException)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    // A peer that is down stays down for a while: say so once per streak, not every backoff.
                    if (failures++ == 0)
                    {
                        _log.Warn($"cannot open election channel to server {peer.Sid} at {peer.Endpoint?.ToString() ?? "unknown address"}: {e.Message}; retrying");
                    }
                }

                lock (_gate)
                {
                    if (peer.Connection is { IsClosed: false })
                    {
                        return;
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(backoffMs), _time, _stopping.Token).ConfigureAwait(false);
                backoffMs = Math.Min(backoffMs * 2, _options.MaxReconnectBackoffMs);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate)
            {
                peer.Connecting = false;
            }
        }
    }

    private async Task ConnectOnceAsync(ElectionPeer peer)
    {
        var endpoint = peer.Endpoint ?? throw new InvalidOperationException("no election address known");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await _resolve(endpoint.Host, timeout.Token).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(addresses[0], endpoint.Port), timeout.Token).ConfigureAwait(false);
            var handshake = new ArrayBufferWriter<byte>(64);
            new ElectionHandshake(_options.MySid, _options.Self.ToString()).Write(new JuteWriter(handshake));
            await socket.SendAsync(handshake.WrittenMemory, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (peer.Sid > _options.MySid)
        {
            // Lost the challenge: the peer drops this connection and connects back to us.
            socket.Dispose();
            return;
        }

        Adopt(peer, new ElectionConnection(peer.Sid, socket, outbound: true), null);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // Out of file descriptors accept fails again at once: pause instead of spinning (ZooKeeper waits 10 ms).
                _log.Warn($"election accept failed: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(10), _time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => HandleInboundAsync(socket), CancellationToken.None);
        }
    }

    private async Task HandleInboundAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
        var stream = new NetworkStream(socket, ownsSocket: false);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        ElectionHandshake handshake;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (ElectionHandshake.TryRead(ref buffer, out handshake))
                {
                    input.AdvanceTo(buffer.Start);
                    break;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new IOException("closed before the handshake was complete");
                }
            }
        }
        catch (Exception e) when (e is JuteException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _log.Warn($"dropping election connection from {remote}: {e.Message}");
            }

            await input.CompleteAsync().ConfigureAwait(false);
            socket.Dispose();
            return;
        }

        long sid = handshake.Sid;
        PeerEndpoint? learned = ParseAddress(handshake);
        if (sid == _options.MySid)
        {
            _log.Warn($"dropping election connection from {remote}: it claims our own id {sid}");
            await input.CompleteAsync().ConfigureAwait(false);
            socket.Dispose();
            return;
        }

        var peer = PeerFor(sid, learned);
        if (sid < _options.MySid)
        {
            // Only the larger id's connection survives: drop this one and call back.
            await input.CompleteAsync().ConfigureAwait(false);
            socket.Dispose();
            EnsureConnecting(peer);
            return;
        }

        Adopt(peer, new ElectionConnection(sid, socket, outbound: false), input);
    }

    /// <summary>Makes <paramref name="connection"/> the peer's one connection, closing any previous one, and runs it.</summary>
    private void Adopt(ElectionPeer peer, ElectionConnection connection, PipeReader? input)
    {
        ElectionConnection? previous;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                connection.Close();
                return;
            }

            previous = peer.Connection;
            peer.Connection = connection;
        }

        previous?.Close();
        input ??= PipeReader.Create(connection.Stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        _ = Task.Run(async () =>
        {
            await connection.RunAsync(input, peer, _options.MaxMessageBytes, _deliver, _log.Warn).ConfigureAwait(false);
            bool reconnect;
            lock (_gate)
            {
                if (peer.Connection == connection)
                {
                    peer.Connection = null;
                }

                // Keep the channel up while we have spoken to this peer: the last vote may not have arrived.
                reconnect = peer.Connection is null && (peer.LastSent is not null || peer.Queue.Reader.Count > 0);
            }

            if (reconnect)
            {
                EnsureConnecting(peer);
            }
        }, CancellationToken.None);
    }

    private static PeerEndpoint? ParseAddress(ElectionHandshake handshake)
    {
        var first = handshake.Addresses.FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        int colon = first.LastIndexOf(':');
        return colon > 0 && int.TryParse(first[(colon + 1)..], out int port)
            ? new PeerEndpoint(first[..colon].Trim('[', ']'), port)
            : null;
    }
}
