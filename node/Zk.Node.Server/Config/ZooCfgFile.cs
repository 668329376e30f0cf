namespace Zk.Node.Server.Config;

/// <summary>
/// A zoo.cfg in Apache ZooKeeper's format: Java-properties style <c>key=value</c> lines, <c>#</c> and
/// <c>!</c> comments, surrounding whitespace trimmed. Later duplicates override earlier ones, as with
/// java.util.Properties.
/// </summary>
public sealed class ZooCfgFile
{
    private readonly Dictionary<string, string> _values;

    private ZooCfgFile(Dictionary<string, string> values, IReadOnlyList<string> order)
    {
        _values = values;
        Keys = order;
    }

    public IReadOnlyList<string> Keys { get; }

    public static ZooCfgFile Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            int eq = line.IndexOfAny(['=', ':']);
            if (eq <= 0)
            {
                throw new ConfigException($"line {lineNumber}", $"expected key=value, got '{line}'");
            }

            // "server.1=host:2888:3888" contains ':' after '=', so only a ':' before any '=' separates.
            int equals = line.IndexOf('=');
            if (equals > 0)
            {
                eq = equals;
            }

            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (!values.ContainsKey(key))
            {
                order.Add(key);
            }

            values[key] = value;
        }

        return new ZooCfgFile(values, order);
    }

    public bool TryGet(string key, out string value) => _values.TryGetValue(key, out value!);

    public string? Get(string key) => _values.GetValueOrDefault(key);
}
