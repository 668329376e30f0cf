using System.Globalization;

namespace Zk.Node.Core.Quorum;

/// <summary>
/// One member of the dynamic configuration: the value of a <c>server.N=</c> line (ZooKeeper's QuorumServer).
/// </summary>
/// <remarks>
/// <code>
/// server.&lt;id&gt;=&lt;host&gt;:&lt;quorumPort&gt;:&lt;electionPort&gt;[:participant|observer][;[&lt;clientHost&gt;:]&lt;clientPort&gt;]
/// </code>
/// Hosts are kept as Java prints them (<see cref="JavaText.HostString"/>): names as written, IP literals normalised,
/// a bare client port gets the wildcard host 0.0.0.0. Several addresses joined with <c>|</c> are refused, as ZooKeeper
/// does while <c>zookeeper.multiAddress.enabled</c> keeps its default of false.
/// </remarks>
public sealed record QuorumServerSpec(
    long Id,
    string Host,
    int QuorumPort,
    int ElectionPort,
    LearnerRole Role,
    string? ClientHost,
    int? ClientPort)
{
    private const string WrongFormat =
        " does not have the form server_config or server_config;client_config where server_config is the pipe separated list of host:port:port or host:port:port:type and client_config is port or host:port";

    public bool IsParticipant => Role == LearnerRole.Participant;

    /// <summary>Parses the value of a <c>server.N=</c> line; on failure returns null and ZooKeeper's message.</summary>
    public static QuorumServerSpec? TryParse(long id, string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        error = null;
        var serverClientParts = JavaText.Split(value, ';');
        if (serverClientParts.Length == 0 || serverClientParts.Length > 2)
        {
            error = value + WrongFormat;
            return null;
        }

        string? clientHost = null;
        int? clientPort = null;
        if (serverClientParts.Length == 2)
        {
            var clientParts = JavaText.HostAndPort(serverClientParts[1], out error);
            if (clientParts is null)
            {
                return null;
            }

            if (clientParts.Length > 2 || clientParts.Length == 0)
            {
                error = value + WrongFormat;
                return null;
            }

            string host = clientParts.Length == 2 ? clientParts[0] : "0.0.0.0";
            if (!JavaText.TryParsePort(clientParts[^1], out int port, out bool outOfRange))
            {
                error = outOfRange ? "port out of range:" + clientParts[^1] : "Address unresolved: null:" + clientParts[^1];
                return null;
            }

            clientHost = JavaText.HostString(host);
            clientPort = port;
        }

        var serverAddresses = JavaText.Split(serverClientParts[0], '|');
        if (serverAddresses.Length > 1)
        {
            error = "Multiple address feature is disabled, but multiple addresses were specified for sid " + id.ToString(CultureInfo.InvariantCulture);
            return null;
        }

        var serverParts = JavaText.HostAndPort(serverAddresses.Length == 0 ? string.Empty : serverAddresses[0], out error);
        if (serverParts is null)
        {
            return null;
        }

        if (serverParts.Length is < 3 or > 4)
        {
            error = value + WrongFormat;
            return null;
        }

        if (!JavaText.TryParsePort(serverParts[1], out int quorumPort, out bool quorumOutOfRange))
        {
            error = quorumOutOfRange ? "port out of range:" + serverParts[1] : "Address unresolved: " + serverParts[0] + ":" + serverParts[1];
            return null;
        }

        if (!JavaText.TryParsePort(serverParts[2], out int electionPort, out bool electionOutOfRange))
        {
            error = electionOutOfRange ? "port out of range:" + serverParts[2] : "Address unresolved: " + serverParts[0] + ":" + serverParts[2];
            return null;
        }

        if (quorumPort == electionPort)
        {
            error = "Client and election port must be different! Please update the configuration file on server." + id.ToString(CultureInfo.InvariantCulture);
            return null;
        }

        var role = LearnerRole.Participant;
        if (serverParts.Length == 4)
        {
            switch (serverParts[3].Trim().ToLowerInvariant())
            {
                case "observer":
                    role = LearnerRole.Observer;
                    break;
                case "participant":
                    break;
                default:
                    error = "Unrecognised peertype: " + serverParts[3];
                    return null;
            }
        }

        return new QuorumServerSpec(id, JavaText.HostString(serverParts[0]), quorumPort, electionPort, role, clientHost, clientPort);
    }

    /// <summary>The value of this member's <c>server.N=</c> line exactly as QuorumServer.toString prints it.</summary>
    public string FormatValue()
    {
        string role = Role == LearnerRole.Observer ? "observer" : "participant";
        string text = string.Create(
            CultureInfo.InvariantCulture,
            $"{JavaText.Delimited(Host)}:{QuorumPort}:{ElectionPort}:{role}");
        if (ClientPort is int clientPort)
        {
            text += string.Create(CultureInfo.InvariantCulture, $";{JavaText.Delimited(ClientHost ?? "0.0.0.0")}:{clientPort}");
        }

        return text;
    }

    /// <summary>The whole line without its newline: <c>server.N=value</c>.</summary>
    public string FormatLine() => string.Create(CultureInfo.InvariantCulture, $"server.{Id}={FormatValue()}");

    /// <summary>The addresses ZooKeeper's checkAddressDuplicate compares: quorum, election, client; special ones left out.</summary>
    internal IEnumerable<(string Host, int Port)> ComparableAddresses()
    {
        if (!JavaText.IsSpecialAddress(Host))
        {
            yield return (Host.ToLowerInvariant(), QuorumPort);
            yield return (Host.ToLowerInvariant(), ElectionPort);
        }

        if (ClientPort is int clientPort && ClientHost is not null && !JavaText.IsSpecialAddress(ClientHost))
        {
            yield return (ClientHost.ToLowerInvariant(), clientPort);
        }
    }
}
