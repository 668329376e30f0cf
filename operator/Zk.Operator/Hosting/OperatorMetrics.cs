using System.Diagnostics.Metrics;

namespace Zk.Operator.Hosting;

/// <summary>
/// The operator's metrics: reconciles by outcome, their durations (a histogram), errors, executed steps by
/// kind, queue depth and leadership. Published as System.Diagnostics.Metrics instruments on the meter
/// <see cref="MeterName"/> (<c>local</c>: <see cref="LocalCommand.MeterName"/>), which <see cref="OperatorWeb"/> exports in
/// Prometheus text through OpenTelemetry (counter zk_operator_reconcile becomes zk_operator_reconcile_total, the
/// histogram in seconds zk_operator_reconcile_duration_seconds).
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

    public void RecordReconcile(string outcome, TimeSpan duration)
    {
        _reconcileCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _durationHistogram.Record(duration.TotalSeconds);
        if (outcome == "error")
        {
            _errorCounter.Add(1);
        }
    }

    public void RecordStep(string kind) => _stepCounter.Add(1, new KeyValuePair<string, object?>("step", kind));

    public void Dispose() => _meter.Dispose();
}
