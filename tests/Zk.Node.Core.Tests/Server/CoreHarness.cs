using System.Buffers;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Tests.Server;

/// <summary>
/// Drives a <see cref="ServerCore"/> purely in memory with simulated time, playing the host: it records every
/// persisted txn, routes frames to per-connection inboxes and, unless told otherwise, acknowledges
/// persistence right after each batch (like an instant fsync).
/// </summary>
internal sealed class CoreHarness
{
    private readonly Dictionary<ConnectionId, Queue<byte[]>> _inbox = [];
    private long _nextConnection = 1;

    public CoreHarness(CoreOptions? options = null, long startMs = 1_700_000_000_000)
    {
        Options = options ?? DefaultOptions;
        Now = startMs;
        Core = new ServerCore(Options, startMs);
    }

    public static CoreOptions DefaultOptions { get; } = new()
    {
        ServerId = 1,
        TickTimeMs = 2000,
        ContainerCheckIntervalMs = 1000,
    };

    public CoreOptions Options { get; }

    public ServerCore Core { get; }

    public long Now { get; set; }

    /// <summary>When false, txns pile up in <see cref="Unpersisted"/> until <see cref="PersistAll"/>.</summary>
    public bool AutoPersist { get; set; } = true;

    /// <summary>Every txn record the core asked to persist, in order (the txn log).</summary>
    public List<PendingTxn> Log { get; } = [];

    public List<PendingTxn> Unpersisted { get; } = [];

    public List<ConnectionId> Closed { get; } = [];

    public int SnapshotDueCount { get; private set; }

    public ConnectionId NewConnectionId() => new(_nextConnection++);

    public void Pump()
    {
        while (Core.HasReady)
        {
            var ready = Core.TakeReady();
            Log.AddRange(ready.Persist);
            Unpersisted.AddRange(ready.Persist);
            foreach (var frame in ready.Send)
            {
                Assert.DoesNotContain(frame.Connection, Closed);
                Inbox(frame.Connection).Enqueue(frame.Payload);
            }

            Closed.AddRange(ready.Close);
            if (ready.SnapshotDue)
            {
                SnapshotDueCount++;
            }

            if (AutoPersist)
            {
                PersistAll();
            }
        }
    }

    public void PersistAll()
    {
        if (Unpersisted.Count == 0)
        {
            return;
        }

        long last = Unpersisted[^1].Zxid;
        Unpersisted.Clear();
        Core.Persisted(last);
        Pump();
    }

    public Queue<byte[]> Inbox(ConnectionId id)
    {
        if (!_inbox.TryGetValue(id, out var queue))
        {
            queue = new Queue<byte[]>();
            _inbox[id] = queue;
        }

        return queue;
    }

    /// <summary>Opens a connection and completes the handshake of a new session.</summary>
    public TestClient Connect(int timeoutMs = 30_000, string remote = "10.0.0.7:40000")
    {
        var client = new TestClient(this, NewConnectionId());
        client.SendConnect(new ConnectRequest(0, 0, timeoutMs, 0, new byte[16], false), remote);
        var response = client.ReadConnectResponse();
        Assert.NotEqual(0, response.SessionId);
        return client;
    }

    public void Advance(long ms)
    {
        Now += ms;
        Core.Tick(Now);
        Pump();
    }

    public static byte[] Encode<T>(T record) where T : IJuteRecord<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        record.Write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
