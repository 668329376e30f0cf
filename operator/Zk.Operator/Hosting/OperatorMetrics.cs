using System.Globalization;
using System.Text;

namespace Zk.Operator.Hosting;

/// <summary>
/// The operator's Prometheus metrics: reconciles by outcome, their durations (a histogram), errors,
/// executed steps by kind, queue depth and leadership. Rendered in the text exposition format 0.0.4.
/// </summary>
public sealed class OperatorMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, long> _reconciles = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _steps = new(StringComparer.Ordinal);
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private double _durationSum;
    private long _durationCount;
    private long _errors;

    /// <summary>Read at render time: keys waiting in the work queue.</summary>
    public Func<int> QueueDepth { get; set; } = () => 0;

    /// <summary>Read at render time: whether this replica currently leads.</summary>
    public Func<bool> IsLeader { get; set; } = () => false;

    public long Errors
    {
        get
        {
            lock (_lock)
            {
                return _errors;
            }
        }
    }

    public long ReconcileCount(string outcome)
    {
        lock (_lock)
        {
            return _reconciles.GetValueOrDefault(outcome);
        }
    }

    public void RecordReconcile(string outcome, TimeSpan duration)
    {
        lock (_lock)
        {
            _reconciles[outcome] = _reconciles.GetValueOrDefault(outcome) + 1;
            double seconds = duration.TotalSeconds;
            _durationSum += seconds;
            _durationCount++;
            for (int i = 0; i < Buckets.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    _bucketCounts[i]++;
                }
            }

            if (outcome == "error")
            {
                _errors++;
            }
        }
    }

    public void RecordStep(string kind)
    {
        lock (_lock)
        {
            _steps[kind] = _steps.GetValueOrDefault(kind) + 1;
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            Header(text, "zk_operator_reconcile_total", "counter", "Reconciles by outcome.");
            foreach (var (outcome, count) in _reconciles)
            {
                Line(text, $"zk_operator_reconcile_total{{outcome=\"{outcome}\"}}", count);
            }

            Header(text, "zk_operator_reconcile_errors_total", "counter", "Reconciles that failed and were retried with backoff.");
            Line(text, "zk_operator_reconcile_errors_total", _errors);

            Header(text, "zk_operator_reconcile_duration_seconds", "histogram", "Time spent in one reconcile.");
            for (int i = 0; i < Buckets.Length; i++)
            {
                Line(text, $"zk_operator_reconcile_duration_seconds_bucket{{le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\"}}", _bucketCounts[i]);
            }

            Line(text, "zk_operator_reconcile_duration_seconds_bucket{le=\"+Inf\"}", _durationCount);
            text.Append("zk_operator_reconcile_duration_seconds_sum ").Append(_durationSum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            Line(text, "zk_operator_reconcile_duration_seconds_count", _durationCount);

            Header(text, "zk_operator_steps_total", "counter", "Plan steps executed, by kind.");
            foreach (var (kind, count) in _steps)
            {
                Line(text, $"zk_operator_steps_total{{step=\"{kind}\"}}", count);
            }
        }

        Header(text, "zk_operator_workqueue_depth", "gauge", "Keys waiting in the work queue.");
        Line(text, "zk_operator_workqueue_depth", QueueDepth());
        Header(text, "zk_operator_leader", "gauge", "1 when this replica holds the leader Lease.");
        Line(text, "zk_operator_leader", IsLeader() ? 1 : 0);
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string series, long value) =>
        text.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
