using System.Globalization;

namespace Zk.Bench;

/// <summary><c>--name value</c> options after a command word; unknown names are an error so typos do not go unnoticed.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
            {
                throw new ArgumentException($"expected --name value, got '{list[i]}'");
            }

            _values[list[i][2..]] = list[++i];
        }
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public int Int(string name, int fallback) => String(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public long? Long(string name) => String(name) is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null;

    /// <summary>Seconds, fractions allowed ("0.5").</summary>
    public TimeSpan Seconds(string name, TimeSpan fallback) =>
        String(name) is { } s ? TimeSpan.FromSeconds(double.Parse(s, CultureInfo.InvariantCulture)) : fallback;

    public LoadSettings LoadSettings()
    {
        var defaults = new LoadSettings();
        return new LoadSettings
        {
            Connections = Int("connections", defaults.Connections),
            Depth = Int("depth", defaults.Depth),
            Warmup = Seconds("warmup", defaults.Warmup),
            Duration = Seconds("duration", defaults.Duration),
            Operations = Long("ops"),
            DataBytes = Int("size", defaults.DataBytes),
            Keys = Int("keys", defaults.Keys),
            Seed = Int("seed", defaults.Seed),
            Rate = String("rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
        };
    }

    public IReadOnlyList<Workload> Workloads(string fallback) =>
        (String("workloads") ?? String("workload") ?? fallback)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => !w.Equals("none", StringComparison.OrdinalIgnoreCase))
            .Select(w => Enum.Parse<Workload>(w, ignoreCase: true))
            .ToList();

    public void ThrowOnUnused()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
