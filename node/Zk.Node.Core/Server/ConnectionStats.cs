namespace Zk.Node.Core.Server;

/// <summary>One connection's counters for the cons four-letter word.</summary>
public sealed class ConnectionStats
{
    internal ConnectionStats(ConnectionId connection, string remoteAddress, long establishedMs)
    {
        Connection = connection;
        RemoteAddress = remoteAddress;
        EstablishedMs = establishedMs;
    }

    public ConnectionId Connection { get; }

    public string RemoteAddress { get; }

    public long EstablishedMs { get; }

    /// <summary>0 until the handshake completes.</summary>
    public long SessionId { get; internal set; }

    public int SessionTimeoutMs { get; internal set; }

    public long PacketsReceived { get; internal set; }

    public long PacketsSent { get; internal set; }

    /// <summary>Requests received and not yet answered.</summary>
    public int Outstanding { get; internal set; }

    /// <summary>Short name of the last operation (ZooKeeper's lop: CREA, GETD, PING …), "NA" before any.</summary>
    public string LastOperation { get; internal set; } = "NA";

    public int LastCxid { get; internal set; } = -1;

    public long LastZxid { get; internal set; } = -1;

    public long LastResponseMs { get; internal set; }

    public LatencyStats Latency { get; } = new();

    internal void Reset()
    {
        PacketsReceived = 0;
        PacketsSent = 0;
        LastOperation = "NA";
        LastCxid = -1;
        LastZxid = -1;
        LastResponseMs = 0;
        Latency.Reset();
    }
}
