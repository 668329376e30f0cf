using System.Collections.Concurrent;
using System.Threading.Channels;
using Zk.Node.Core.Server;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Network;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// The one thread that owns the <see cref="ServerCore"/>. It drains every queued input, then applies the
/// core's <see cref="Ready"/> batch in the fixed order: txns to the log writer (persist before ack), frames
/// to their connections, closes. Draining many inputs per batch is what makes group commit happen.
/// </summary>
internal sealed class CoreLoop
{
    private const int MaxInputsPerBatch = 512;

    private readonly Channel<CoreInput> _inputs = Channel.CreateUnbounded<CoreInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ConnectionId, ClientConnection> _connections = new();
    private readonly HashSet<ClientConnection> _touched = [];
    private readonly TimeProvider _time;
    private readonly NodeLog _log;
    private readonly Thread _thread;
    private TxnLogWriter? _logWriter;
    private SnapshotWriter? _snapshots;

    public CoreLoop(ServerCore core, TimeProvider time, NodeLog log)
    {
        Core = core;
        _time = time;
        _log = log;
        _thread = new Thread(Run) { Name = "zknode-core", IsBackground = true };
    }

    public ServerCore Core { get; }

    public IReadOnlyCollection<ClientConnection> Connections => (IReadOnlyCollection<ClientConnection>)_connections.Values;

    public long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Start(TxnLogWriter logWriter, SnapshotWriter snapshots)
    {
        _logWriter = logWriter;
        _snapshots = snapshots;
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
            case CoreInput.Connect c:
                Core.Connect(c.Connection, c.Payload, c.RemoteAddress, now);
                break;
            case CoreInput.Receive r:
                Core.Receive(r.Connection, r.Payload, now);
                break;
            case CoreInput.Disconnected d:
                Core.Disconnected(d.Connection, now);
                if (_connections.TryRemove(d.Connection, out var gone))
                {
                    gone.Close();
                }

                break;
            case CoreInput.WriteRaw w when _connections.TryGetValue(w.Connection, out var target):
                target.EnqueueRaw(w.Bytes);
                _touched.Add(target);
                break;
            case CoreInput.CloseConnection close when _connections.TryGetValue(close.Connection, out var closing):
                closing.Close();
                break;
            case CoreInput.Persisted p:
                Core.Persisted(p.Zxid);
                break;
            case CoreInput.Tick:
                Core.Tick(now);
                break;
            case CoreInput.Run run:
                run.Action();
                break;
        }
    }

    private void Drain()
    {
        if (Core.HasReady)
        {
            var ready = Core.TakeReady();
            if (ready.Persist.Count > 0)
            {
                _logWriter!.Enqueue(ready.Persist);
            }

            foreach (var frame in ready.Send)
            {
                if (_connections.TryGetValue(frame.Connection, out var connection))
                {
                    connection.EnqueueFrame(frame.Payload);
                    _touched.Add(connection);
                }
            }

            foreach (var id in ready.Close)
            {
                if (_connections.TryGetValue(id, out var connection))
                {
                    connection.Close();
                }
            }

            if (ready.SnapshotDue)
            {
                _snapshots!.TakeSnapshot(Core, _logWriter!);
            }
        }

        foreach (var connection in _touched)
        {
            connection.Flush();
        }

        _touched.Clear();
    }
}
