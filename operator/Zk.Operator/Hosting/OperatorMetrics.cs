using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Zk.Operator.Hosting;

/// <summary>
/// The operator's metrics: reconciles by outcome, their durations (a histogram), errors, executed steps by
/// kind, queue depth and leadership. Published as System.Diagnostics.Metrics instruments on the meter
/// <see cref="MeterName"/>, which <c>run</c> exports in Prometheus text through OpenTelemetry (counter
/// zk_operator_reconcile becomes zk_operator_reconcile_total, the histogram in seconds
/// zk_operator_reconcile_duration_seconds). <c>local</c>'s optional /metrics renders the same series from
/// tallies kept here (<see cref="Render"/>), without an exporter.
/// </summary>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "Zk.Operator";

    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly Counter<long> _reconcileCounter;
    private readonly Counter<long> _errorCounter;
    private readonly Histogram<double> _durationHistogram;
    private readonly Counter<long> _stepCounter;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, long> _reconciles = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _steps = new(StringComparer.Ordinal);
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private double _durationSum;
    private long _durationCount;
    private long _errors;

    /// <param name="meterName">Tests give each fixture a meter of its own so that its measurements stay out of another test's exporter.</param>
    public OperatorMetrics(string meterName = MeterName)
    {
        _meter = new Meter(meterName);
        _reconcileCounter = _meter.CreateCounter<long>("zk_operator_reconcile", description: "Reconciles by outcome.");
        _errorCounter = _meter.CreateCounter<long>("zk_operator_reconcile_errors", description: "Reconciles that failed and were retried with backoff.");
        _durationHistogram = _meter.CreateHistogram(
            "zk_operator_reconcile_duration", unit: "s", description: "Time spent in one reconcile.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _stepCounter = _meter.CreateCounter<long>("zk_operator_steps", description: "Plan steps executed, by kind.");
        _meter.CreateObservableGauge("zk_operator_workqueue_depth", () => QueueDepth(), description: "Keys waiting in the work queue.");
        _meter.CreateObservableGauge("zk_operator_leader", () => IsLeader() ? 1 : 0, description: "1 when this replica holds the leader Lease (or runs without election).");
    }

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
        _reconcileCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _durationHistogram.Record(duration.TotalSeconds);
        if (outcome == "error")
        {
            _errorCounter.Add(1);
        }

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
        _stepCounter.Add(1, new KeyValuePair<string, object?>("step", kind));
        lock (_lock)
        {
            _steps[kind] = _steps.GetValueOrDefault(kind) + 1;
        }
    }

    public void Dispose() => _meter.Dispose();

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
