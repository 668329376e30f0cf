namespace Zk.Node.Core.Server;

/// <summary>min/avg/max of request latencies in ms, as srvr and cons print them (min is 0 before any sample).</summary>
public sealed class LatencyStats
{
    private long _min = long.MaxValue;

    public long Count { get; private set; }

    public long Total { get; private set; }

    public long Max { get; private set; }

    public long Last { get; private set; }

    public long Min => Count == 0 ? 0 : _min;

    public double Average => Count == 0 ? 0 : (double)Total / Count;

    internal void Add(long latencyMs)
    {
        latencyMs = Math.Max(0, latencyMs);
        Count++;
        Total += latencyMs;
        Last = latencyMs;
        _min = Math.Min(_min, latencyMs);
        Max = Math.Max(Max, latencyMs);
    }

    internal void Reset()
    {
        _min = long.MaxValue;
        Count = 0;
        Total = 0;
        Max = 0;
        Last = 0;
    }
}
