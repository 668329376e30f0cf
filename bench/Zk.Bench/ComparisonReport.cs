using System.Globalization;
using System.Text;

namespace Zk.Bench;

/// <summary>The side-by-side table: per workload, both servers' ops/s, p50, p99 and CPU-ms/op and the ratio zknode / ZooKeeper.</summary>
internal static class ComparisonReport
{
    public static string Render(
        IReadOnlyList<LoadResult> results, IReadOnlyList<FailoverResult> failovers, int members, string candidate, string baseline, IReadOnlyDictionary<string, string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine(members == 1 ? "standalone (1 member each)" : $"ensemble of {members} members each (connections spread over members)");
        var settings = results.FirstOrDefault()?.Settings;
        if (settings is not null)
        {
            string amount = settings.Operations is { } ops ? $"ops={ops}" : $"duration={settings.Duration.TotalSeconds}s";
            string loop = settings.Rate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"open loop at {rate:F0} ops/s") : "closed loop";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"connections={settings.Connections} depth={settings.Depth} size={settings.DataBytes}B keys={settings.Keys} warmup={settings.Warmup.TotalSeconds}s {amount} {loop}");
        }

        foreach (var (server, note) in notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"note: {server}: {note}");
        }

        text.AppendLine();
        string header = string.Create(CultureInfo.InvariantCulture,
            $"{"workload",-8} | {"metric",-10} | {baseline,12} | {candidate,12} | {"ratio " + candidate + "/" + baseline,-22}");
        text.AppendLine(header);
        text.AppendLine(new string('-', header.Length));
        foreach (var workload in results.Select(r => r.Workload).Distinct())
        {
            var b = results.FirstOrDefault(r => r.Workload == workload && r.Server == baseline);
            var c = results.FirstOrDefault(r => r.Workload == workload && r.Server == candidate);
            Row(text, workload, "ops/s", b?.OpsPerSecond, c?.OpsPerSecond, "F0");
            Row(text, workload, "p50 ms", b?.P50Ms, c?.P50Ms, "F3");
            Row(text, workload, "p99 ms", b?.P99Ms, c?.P99Ms, "F3");
            Row(text, workload, "cpu ms/op", b?.CpuMsPerOp, c?.CpuMsPerOp, "F4");
            Row(text, workload, "errors", b?.Errors, c?.Errors, "F0");
        }

        if (failovers.Count > 0)
        {
            var b = failovers.FirstOrDefault(f => f.Server == baseline);
            var c = failovers.FirstOrDefault(f => f.Server == candidate);
            Row(text, "failover", "median ms", b?.MedianMs, c?.MedianMs, "F0");
            Row(text, "failover", "max ms", b?.MaxMs, c?.MaxMs, "F0");
            Row(text, "failover", "trials", b?.TimesMs.Count, c?.TimesMs.Count, "F0");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, Workload workload, string metric, double? baseline, double? candidate, string format) =>
        Row(text, workload.ToString(), metric, baseline, candidate, format);

    private static void Row(StringBuilder text, string workload, string metric, double? baseline, double? candidate, string format)
    {
        string ratio = baseline is > 0 && candidate is { } c ? (c / baseline.Value).ToString("F2", CultureInfo.InvariantCulture) : "-";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{workload,-8} | {metric,-10} | {Format(baseline, format),12} | {Format(candidate, format),12} | {ratio,-22}");
    }

    private static string Format(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";
}
