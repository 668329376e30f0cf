using System.Numerics;

namespace Zk.Bench;

/// <summary>
/// A log-linear latency histogram in the spirit of HdrHistogram: values below 128 ns get their own bucket, above
/// that every power of two is split into 64 equal buckets, so any recorded value is reported within 1/64 (1.6%)
/// of itself. Covers 0 ns to about 18 minutes in 2,304 counters; recording is one array increment.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearBuckets = 128;
    private const int SubBuckets = 64;
    private const int MaxShift = 34;
    private readonly long[] _counts = new long[LinearBuckets + (MaxShift * SubBuckets)];

    public long Count { get; private set; }

    public long MinNanos { get; private set; } = long.MaxValue;

    public long MaxNanos { get; private set; }

    public double MeanNanos => Count == 0 ? 0 : (double)_sumNanos / Count;

    private long _sumNanos;

    public void Record(long nanos)
    {
        nanos = Math.Max(nanos, 0);
        _counts[IndexOf(nanos)]++;
        Count++;
        _sumNanos += nanos;
        MinNanos = Math.Min(MinNanos, nanos);
        MaxNanos = Math.Max(MaxNanos, nanos);
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sumNanos += other._sumNanos;
        MinNanos = Math.Min(MinNanos, other.MinNanos);
        MaxNanos = Math.Max(MaxNanos, other.MaxNanos);
    }

    /// <summary>The smallest bucket bound at or below which <paramref name="percentile"/>% of the values fall (capped at the true max).</summary>
    public long PercentileNanos(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), MaxNanos);
            }
        }

        return MaxNanos;
    }

    internal static int IndexOf(long nanos)
    {
        if (nanos < LinearBuckets)
        {
            return (int)nanos;
        }

        int msb = 63 - BitOperations.LeadingZeroCount((ulong)nanos);
        int shift = Math.Min(msb - 6, MaxShift);
        long sub = Math.Min(nanos >> shift, (2 * SubBuckets) - 1);
        return LinearBuckets + ((shift - 1) * SubBuckets) + (int)(sub - SubBuckets);
    }

    internal static long UpperBound(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        int shift = ((index - LinearBuckets) / SubBuckets) + 1;
        long sub = ((index - LinearBuckets) % SubBuckets) + SubBuckets;
        return ((sub + 1) << shift) - 1;
    }
}
