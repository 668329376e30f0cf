namespace Zk.Node.Core.Server;

/// <summary>Server-wide counters for srvr, stat, mntr and cons; latency uses the nowMs values the host passes in.</summary>
public sealed class ServerStats
{
    private readonly Dictionary<ConnectionId, ConnectionStats> _connections = [];

    public long PacketsReceived { get; private set; }

    public long PacketsSent { get; private set; }

    public LatencyStats Latency { get; } = new();

    public long AuthFailedCount { get; private set; }

    /// <summary>Connections closed because they sent an undecodable frame.</summary>
    public long MalformedRequestCount { get; private set; }

    public long LastResponseSize { get; private set; }

    public long MinResponseSize { get; private set; }

    public long MaxResponseSize { get; private set; }

    /// <summary>Open connections in id order.</summary>
    public IEnumerable<ConnectionStats> Connections => _connections.Values.OrderBy(c => c.Connection.Value);

    public int ConnectionCount => _connections.Count;

    public bool TryGetConnection(ConnectionId connection, out ConnectionStats stats) => _connections.TryGetValue(connection, out stats!);

    /// <summary>srst: resets latency and packet counters (connections stay).</summary>
    public void Reset()
    {
        PacketsReceived = 0;
        PacketsSent = 0;
        Latency.Reset();
        AuthFailedCount = 0;
        LastResponseSize = 0;
        MinResponseSize = 0;
        MaxResponseSize = 0;
    }

    /// <summary>crst: resets every connection's counters.</summary>
    public void ResetConnections()
    {
        foreach (var c in _connections.Values)
        {
            c.Reset();
        }
    }

    internal ConnectionStats Open(ConnectionId connection, string remoteAddress, long nowMs)
    {
        var stats = new ConnectionStats(connection, remoteAddress, nowMs);
        _connections[connection] = stats;
        return stats;
    }

    internal void Closed(ConnectionId connection) => _connections.Remove(connection);

    internal void Received(ConnectionStats? connection)
    {
        PacketsReceived++;
        if (connection is not null)
        {
            connection.PacketsReceived++;
        }
    }

    internal void Sent(ConnectionStats? connection, int payloadBytes)
    {
        PacketsSent++;
        LastResponseSize = payloadBytes;
        MinResponseSize = MinResponseSize == 0 ? payloadBytes : Math.Min(MinResponseSize, payloadBytes);
        MaxResponseSize = Math.Max(MaxResponseSize, payloadBytes);
        if (connection is not null)
        {
            connection.PacketsSent++;
        }
    }

    internal void Answered(ConnectionStats connection, string operation, int cxid, long zxid, long receivedMs, long nowMs)
    {
        long latency = nowMs - receivedMs;
        Latency.Add(latency);
        connection.Latency.Add(latency);
        connection.LastOperation = operation;
        connection.LastCxid = cxid;
        connection.LastZxid = zxid;
        connection.LastResponseMs = nowMs;
    }

    internal void AuthFailed() => AuthFailedCount++;

    internal void Malformed() => MalformedRequestCount++;
}
