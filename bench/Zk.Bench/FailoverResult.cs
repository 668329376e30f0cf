using System.Globalization;
using System.Text.Json;

namespace Zk.Bench;

/// <summary>Leader failover trials of one server kind: milliseconds from SIGKILL of the leader to the first acknowledged write after it.</summary>
internal sealed record FailoverResult(string Server, IReadOnlyList<double> TimesMs, IReadOnlyList<int> KilledMembers)
{
    public double MedianMs => Median(TimesMs);

    public double MaxMs => TimesMs.Count == 0 ? 0 : TimesMs.Max();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Server,-10} failover {TimesMs.Count} trials: median {MedianMs:F0} ms  max {MaxMs:F0} ms  ({string.Join(", ", TimesMs.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms)");

    public void WriteJson(Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("server", Server);
        json.WriteString("workload", "failover");
        json.WriteNumber("trials", TimesMs.Count);
        json.WriteNumber("medianMs", MedianMs);
        json.WriteNumber("maxMs", MaxMs);
        json.WriteStartArray("timesMs");
        foreach (double t in TimesMs)
        {
            json.WriteNumberValue(t);
        }

        json.WriteEndArray();
        json.WriteStartArray("killedMembers");
        foreach (int m in KilledMembers)
        {
            json.WriteNumberValue(m);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
