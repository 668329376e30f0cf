using System.Globalization;

namespace Zk.Operator.Core.Observed;

/// <summary>
/// A committed dynamic configuration as getConfig (<c>/zookeeper/config</c>) returns it:
/// <code>
/// server.1=zk-0.zk-hs:2888:3888:participant;0.0.0.0:2181
/// server.2=zk-1.zk-hs:2888:3888:observer;0.0.0.0:2181
/// version=100000000
/// </code>
/// The version is the hex zxid of the reconfig that committed it.
/// </summary>
public sealed record EnsembleConfig(long Version, IReadOnlyList<ServerEntry> Servers)
{
    public IEnumerable<ServerEntry> Participants => Servers.Where(s => s.Role == ServerRole.Participant);

    public IEnumerable<ServerEntry> Observers => Servers.Where(s => s.Role == ServerRole.Observer);

    public ServerEntry? Find(int id) => Servers.FirstOrDefault(s => s.Id == id);

    public string VersionHex => Version.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses getConfig data; lines it does not understand (group./weight.) are skipped.</summary>
    public static EnsembleConfig Parse(string text)
    {
        long version = 0;
        var servers = new List<ServerEntry>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("version=", StringComparison.Ordinal))
            {
                if (!long.TryParse(line.AsSpan(8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out version))
                {
                    throw new FormatException($"bad config version line '{line}'");
                }
            }
            else if (ServerEntry.TryParse(line) is { } server)
            {
                servers.Add(server);
            }
            else if (line.StartsWith("server.", StringComparison.Ordinal))
            {
                throw new FormatException($"bad server line '{line}'");
            }
        }

        servers.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new EnsembleConfig(version, servers);
    }
}
