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

    // Connections whose socket we stopped reading: they reached the outstanding-request limit (globalOutstandingLimit).
    private readonly HashSet<ClientConnection> _paused = [];
    private readonly TimeProvider _time;
    private readonly NodeLog _log;
    private readonly Thread _thread;
    private ICoreDriver? _driver;

    public CoreLoop(TimeProvider time, NodeLog log)
    {
        _time = time;
        _log = log;
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
        }
    }

    /// <summary>A client request failed with an unexpected exception and was answered with an error: said once, here.</summary>
    public void LogRequestFault(string fault) => _log.Error($"request failed, answered with an error, still serving: {fault}");

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
                    _paused.Remove(gone);
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
            case CoreInput.Connect or CoreInput.Receive:
                DispatchClientInput(input, now);
                break;
            default:
                _driver!.Dispatch(input, now);
                break;
        }
    }

    /// <summary>
    /// A client frame. Its processing failing with an exception is that client's problem, not the node's: the
    /// connection is closed and forgotten, the failure logged once, and the thread keeps serving everyone else.
    /// Failures in the other inputs (peer messages, durability, ticks) still end the process in <see cref="Run"/>.
    /// </summary>
    private void DispatchClientInput(CoreInput input, long now)
    {
        var id = input is CoreInput.Connect c ? c.Connection : ((CoreInput.Receive)input).Connection;
        try
        {
            _driver!.Dispatch(input, now);
        }
        catch (Exception e)
        {
            _log.Error($"request on connection {id.Value} failed; closing that connection, still serving: {e}");
            _driver!.Dispatch(new CoreInput.Disconnected(id), now);
            if (_connections.TryRemove(id, out var failed))
            {
                _paused.Remove(failed);
                failed.Close();
            }

            return;
        }

        if (input is CoreInput.Receive received && !_driver.Core.CanReceive(received.Connection)
            && _connections.TryGetValue(received.Connection, out var busy) && _paused.Add(busy))
        {
            busy.PauseReading();
        }
    }

    private void Drain()
    {
        _driver!.Drain(this);
        if (_paused.Count > 0)
        {
            foreach (var connection in _paused.Where(c => _driver.Core.CanReceive(c.Id)).ToList())
            {
                _paused.Remove(connection);
                connection.ResumeReading();
            }
        }

        foreach (var connection in _touched)
        {
            connection.Flush();
        }

        _touched.Clear();
    }
}
