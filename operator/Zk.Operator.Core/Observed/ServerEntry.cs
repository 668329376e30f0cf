using System.Globalization;

namespace Zk.Operator.Core.Observed;

/// <summary>
/// One line of ZooKeeper's dynamic configuration:
/// <code>
/// server.&lt;id&gt;=&lt;host&gt;:&lt;quorumPort&gt;:&lt;electionPort&gt;[:participant|observer][;[&lt;clientHost&gt;:]&lt;clientPort&gt;]
/// </code>
/// The same text goes into zoo.cfg.dynamic, reconfig's joiningServers, and comes back from getConfig.
/// </summary>
public sealed record ServerEntry(int Id, string Host, int QuorumPort, int ElectionPort, ServerRole Role, string? ClientAddress)
{
    public const int DefaultQuorumPort = 2888;
    public const int DefaultElectionPort = 3888;

    /// <summary><c>server.N=host:2888:3888:participant;0.0.0.0:2181</c></summary>
    public string ToConfigLine() => $"server.{Id}={ToConfigValue()}";

    public string ToConfigValue()
    {
        string role = Role == ServerRole.Observer ? "observer" : "participant";
        string value = string.Create(CultureInfo.InvariantCulture, $"{Host}:{QuorumPort}:{ElectionPort}:{role}");
        return ClientAddress is null ? value : $"{value};{ClientAddress}";
    }

    /// <summary>Parses one <c>server.N=...</c> line; null when it is not a server line or is malformed.</summary>
    public static ServerEntry? TryParse(string line)
    {
        line = line.Trim();
        if (!line.StartsWith("server.", StringComparison.Ordinal))
        {
            return null;
        }

        int eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0 || !int.TryParse(line.AsSpan(7, eq - 7), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            return null;
        }

        string value = line[(eq + 1)..];
        string? client = null;
        int semicolon = value.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            client = value[(semicolon + 1)..];
            value = value[..semicolon];
        }

        // 3.6 multi-address members join addresses with '|'; the first one is enough to identify the member.
        value = value.Split('|')[0];
        string[] parts = value.Split(':');
        if (parts.Length is < 3 or > 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int quorumPort)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int electionPort))
        {
            return null;
        }

        var role = ServerRole.Participant;
        if (parts.Length == 4)
        {
            switch (parts[3])
            {
                case "participant":
                    break;
                case "observer":
                    role = ServerRole.Observer;
                    break;
                default:
                    return null;
            }
        }

        return new ServerEntry(id, parts[0], quorumPort, electionPort, role, client);
    }
}
