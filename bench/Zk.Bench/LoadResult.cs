using System.Globalization;
using System.Text.Json;

namespace Zk.Bench;

/// <summary>The measured phase of one run: throughput, latency percentiles and the server's CPU per operation.</summary>
internal sealed record LoadResult(
    string Server,
    Workload Workload,
    LoadSettings Settings,
    long Operations,
    long Errors,
    TimeSpan Elapsed,
    LatencyHistogram Latency,
    double? ServerCpuMs)
{
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    public double P50Ms => Latency.PercentileNanos(50) / 1e6;

    public double P99Ms => Latency.PercentileNanos(99) / 1e6;

    /// <summary>The writes among <see cref="Latency"/>: in mixed, whether reads' tail is the writes' tail (reads wait behind their session's writes).</summary>
    public LatencyHistogram WriteLatency { get; init; } = new();

    public double? CpuMsPerOp => ServerCpuMs is { } cpu && Operations > 0 ? cpu / Operations : null;

    public override string ToString()
    {
        string cpu = CpuMsPerOp is { } c ? c.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{Server,-10} {Workload,-8} {OpsPerSecond,10:F0} ops/s  p50 {P50Ms,7:F3} ms  p99 {P99Ms,7:F3} ms  cpu {cpu,8} ms/op  errors {Errors}");
        return Workload != Workload.Mixed ? line : line + string.Create(CultureInfo.InvariantCulture,
            $"  (its writes: p50 {WriteLatency.PercentileNanos(50) / 1e6:F3} ms  p99 {WriteLatency.PercentileNanos(99) / 1e6:F3} ms)");
    }

    public void WriteJson(Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("server", Server);
        json.WriteString("workload", Workload.ToString());
        json.WriteNumber("connections", Settings.Connections);
        json.WriteNumber("depth", Settings.Depth);
        json.WriteNumber("dataBytes", Settings.DataBytes);
        json.WriteNumber("keys", Settings.Keys);
        json.WriteNumber("operations", Operations);
        json.WriteNumber("errors", Errors);
        json.WriteNumber("elapsedSeconds", Elapsed.TotalSeconds);
        json.WriteNumber("opsPerSecond", OpsPerSecond);
        json.WriteNumber("latencyMinMs", Latency.Count == 0 ? 0 : Latency.MinNanos / 1e6);
        json.WriteNumber("latencyMeanMs", Latency.MeanNanos / 1e6);
        json.WriteNumber("latencyP50Ms", P50Ms);
        json.WriteNumber("latencyP90Ms", Latency.PercentileNanos(90) / 1e6);
        json.WriteNumber("latencyP99Ms", P99Ms);
        json.WriteNumber("latencyP999Ms", Latency.PercentileNanos(99.9) / 1e6);
        json.WriteNumber("latencyMaxMs", Latency.MaxNanos / 1e6);
        json.WriteNumber("writes", WriteLatency.Count);
        json.WriteNumber("writeLatencyP50Ms", WriteLatency.PercentileNanos(50) / 1e6);
        json.WriteNumber("writeLatencyP99Ms", WriteLatency.PercentileNanos(99) / 1e6);
        if (ServerCpuMs is { } cpu)
        {
            json.WriteNumber("serverCpuMs", cpu);
            json.WriteNumber("serverCpuMsPerOp", CpuMsPerOp ?? 0);
        }
        else
        {
            json.WriteNull("serverCpuMs");
            json.WriteNull("serverCpuMsPerOp");
        }

        json.WriteEndObject();
    }
}
