using System.Collections.Concurrent;
using System.Threading.Channels;
using Zk.Node.Core.Server;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Network;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// The one thread that owns the node's state machine (through an <see cref="ICoreDriver"/>: the standalone
/// <see cref="ServerCore"/> or an ensemble member). It drains every queued input, then lets the driver apply the
/// ready batch in its fixed order (persist before ack) and flushes every connection it wrote to. Draining many
/// inputs per batch is what makes group commit happen.
/// </summary>
internal sealed class CoreLoop
{
    private const int MaxInputsPerBatch = 512;

    private readonly Channel<CoreInput> _inputs = Channel.CreateUnbounded<CoreInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ConnectionId, ClientConnection> _connections = new();
    private readonly HashSet<ClientConnection> _touched = [];

    // Connections whose socket we stopped reading: too many requests unanswered or unsent (globalOutstandingLimit), or
    // too many reply bytes the client has not read (clientMaxQueuedOutputBytes).
    private readonly HashSet<ClientConnection> _paused = [];
    private readonly TimeProvider _time;
    private readonly NodeLog _log;
    private readonly ClientLimits _limits;
    private readonly RateLimitedLog _clientWarnings;
    private readonly Thread _thread;
    private ICoreDriver? _driver;

    public CoreLoop(TimeProvider time, NodeLog log, ClientLimits limits)
    {
        _time = time;
        _log = log;
        _limits = limits;
        _clientWarnings = new RateLimitedLog(log, time, TimeSpan.FromSeconds(10), linesPerWindow: 20);
        _thread = new Thread(Run) { Name = "zknode-core", IsBackground = true };
    }

    /// <summary>The client pipeline of the running driver (core thread only).</summary>
    public ServerCore Core => _driver!.Core;

    public IReadOnlyCollection<ClientConnection> Connections => (IReadOnlyCollection<ClientConnection>)_connections.Values;

    public long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Start(ICoreDriver driver)
    {
        _driver = driver;
        _thread.Start();
    }

    public void Register(ClientConnection connection) => _connections[connection.Id] = connection;

    public void Post(CoreInput input) => _inputs.Writer.TryWrite(input);

    /// <summary>Runs <paramref name="query"/> on the core thread and returns its result.</summary>
    public Task<T> QueryAsync<T>(Func<T> query)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new CoreInput.Run(() =>
        {
            try
            {
                done.SetResult(query());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }));
        return done.Task;
    }

    public void Stop() => _inputs.Writer.TryComplete();

    /// <summary>Core thread only: queue one frame for a client connection (flushed at the end of the batch).</summary>
    public void SendToClient(ConnectionId id, byte[] payload)
    {
        if (_connections.TryGetValue(id, out var connection))
        {
            connection.EnqueueFrame(payload);
            _touched.Add(connection);
            if (!connection.OutputClosed && connection.QueuedEventBytes > _limits.MaxUnreadEventBytes)
            {
                _clientWarnings.Warn($"closing {connection.RemoteAddress}:{connection.RemotePort} ({id}): {connection.QueuedEventBytes} bytes of watch events unread (limit {_limits.MaxUnreadEventBytes})");
                connection.Abort();
            }
        }
    }

    /// <summary>A client request failed with an unexpected exception and was answered with an error: said once, here.</summary>
    public void LogRequestFault(string fault) => _log.Error($"request failed, answered with an error, still serving: {fault}");

    /// <summary>Core thread only: log (rate-limited) that a connection is closed because a request did not decode.</summary>
    public void ReportMalformed(MalformedInput malformed)
    {
        string peer = _connections.TryGetValue(malformed.Connection, out var connection) ? $"{connection.RemoteAddress}:{connection.RemotePort}" : "a closed connection";
        _clientWarnings.Warn($"closing {peer} ({malformed.Connection}): malformed request: {malformed.Reason}");
    }

    /// <summary>Core thread only: close a client connection after what is queued for it.</summary>
    public void CloseClient(ConnectionId id)
    {
        if (_connections.TryGetValue(id, out var connection))
        {
            connection.Close();
        }
    }

    private void Run()
    {
        var reader = _inputs.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                int handled = 0;
                while (handled < MaxInputsPerBatch && reader.TryRead(out var input))
                {
                    Dispatch(input);
                    handled++;
                }

                Drain();
            }
        }
        catch (Exception e)
        {
            // A broken invariant in the core: crash loudly rather than serve from a state we no longer trust.
            _log.Error($"core thread failed: {e}");
            Environment.FailFast("zknode core thread failed", e);
        }
    }

    private void Dispatch(CoreInput input)
    {
        long now = NowMs;
        switch (input)
        {
            case CoreInput.Disconnected d:
                _driver!.Dispatch(d, now);
                if (_connections.TryRemove(d.Connection, out var gone))
                {
                    // Parked requests were never handed to the core: like bytes ZooKeeper had not read yet, they go.
                    _paused.Remove(gone);
                    gone.Parked.Clear();
                    gone.Close();
                }

                break;
            case CoreInput.WriteRaw w:
                if (_connections.TryGetValue(w.Connection, out var target))
                {
                    target.EnqueueRaw(w.Bytes);
                    _touched.Add(target);
                }

                break;
            case CoreInput.CloseConnection close:
                CloseClient(close.Connection);
                break;
            case CoreInput.Run run:
                run.Action();
                break;
            case CoreInput.Connect connect:
                DispatchGuarded(connect.Connection, input, now);
                break;
            case CoreInput.OutputDrained:
                // Drain() at the end of this batch looks at every paused connection.
                break;
            case CoreInput.Receive received when _connections.TryGetValue(received.Connection, out var sender):
                if (_paused.Contains(sender) || IsCongested(sender))
                {
                    // Read before the receive loop saw the pause: held here, in order, until the client reads its replies.
                    sender.Parked.Enqueue(received);
                    Pause(sender);
                    break;
                }

                if (DispatchReceive(sender, received, now) && IsCongested(sender))
                {
                    Pause(sender);
                }

                break;
            case CoreInput.Receive orphan:
                // Its connection is already gone from the loop; the core still sees it, guarded like any client frame.
                DispatchGuarded(orphan.Connection, input, now);
                break;
            default:
                _driver!.Dispatch(input, now);
                break;
        }
    }

    /// <returns>False when the request failed and its connection is gone.</returns>
    private bool DispatchReceive(ClientConnection sender, CoreInput.Receive received, long now)
    {
        if (!DispatchGuarded(received.Connection, received, now))
        {
            return false;
        }

        sender.Dispatched(received.Payload.Length);

        // Replies count against a connection only once they are queued on it: hand a large ready batch over now rather
        // than at the end of a batch that could hold hundreds of large replies for one client.
        if (_driver!.PendingClientSendBytes >= _limits.MaxQueuedOutputBytes)
        {
            _driver.Drain(this);
        }

        return true;
    }

    /// <summary>Whether the connection has more queued for it, or waiting in the core, than it may before it is read again.</summary>
    private bool IsCongested(ClientConnection connection)
    {
        var core = _driver!.Core;
        int unanswered = core.Outstanding(connection.Id);
        return connection.QueuedBytes >= _limits.MaxQueuedOutputBytes
            || unanswered + connection.QueuedReplies >= _limits.MaxOutstandingRequests
            || connection.UnansweredRequestBytes(unanswered) >= _limits.MaxUnansweredRequestBytes
            || !core.CanReceive(connection.Id);
    }

    private void Pause(ClientConnection connection)
    {
        if (_paused.Add(connection))
        {
            connection.PauseReading();
        }

        connection.ArmDrainSignal();
    }

    /// <summary>Hands parked requests to the core while their connection is under its limits; reads again once none is left.</summary>
    private void ResumeDrained()
    {
        bool dispatched = false;
        foreach (var connection in _paused.ToList())
        {
            // Armed before looking, so output that drains after this look still wakes the loop (OutputDrained).
            connection.ArmDrainSignal();
            bool open = true;
            while (open && !IsCongested(connection) && connection.Parked.TryDequeue(out var parked))
            {
                open = DispatchReceive(connection, parked, NowMs);
                dispatched = true;
            }

            if (!open)
            {
                continue;
            }

            if (connection.Parked.Count == 0 && !IsCongested(connection))
            {
                _paused.Remove(connection);
                connection.ResumeReading();
            }
        }

        if (dispatched)
        {
            _driver!.Drain(this);
        }
    }

    /// <summary>
    /// A client frame. Its processing failing with an exception is that client's problem, not the node's: the
    /// connection is closed and forgotten, the failure logged once, and the thread keeps serving everyone else.
    /// Failures in the other inputs (peer messages, durability, ticks) still end the process in <see cref="Run"/>.
    /// </summary>
    /// <returns>False when the input failed and its connection is gone.</returns>
    private bool DispatchGuarded(ConnectionId id, CoreInput input, long now)
    {
        try
        {
            _driver!.Dispatch(input, now);
            return true;
        }
        catch (Exception e)
        {
            _log.Error($"request on connection {id.Value} failed; closing that connection, still serving: {e}");
            _driver!.Dispatch(new CoreInput.Disconnected(id), now);
            if (_connections.TryRemove(id, out var failed))
            {
                _paused.Remove(failed);
                failed.Parked.Clear();
                failed.Close();
            }

            return false;
        }
    }

    private void Drain()
    {
        _driver!.Drain(this);
        if (_paused.Count > 0)
        {
            ResumeDrained();
        }

        foreach (var connection in _touched)
        {
            connection.Flush();
        }

        _touched.Clear();
    }
}
