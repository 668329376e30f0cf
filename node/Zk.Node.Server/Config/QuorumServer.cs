using System.Globalization;
using System.Net;

namespace Zk.Node.Server.Config;

/// <summary>
/// One <c>server.N=host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]</c> line.
/// Host names are kept unresolved: pods start before their DNS records exist, so resolution is retried later.
/// </summary>
public sealed record QuorumServer(
    string Key,
    long Id,
    string Host,
    int QuorumPort,
    int ElectionPort,
    bool IsObserver,
    IPAddress? ClientAddress,
    int? ClientPort)
{
    public static QuorumServer Parse(string key, string value)
    {
        string idText = key["server.".Length..];
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id is < 0 or > 255)
        {
            throw new ConfigException(key, $"'{idText}' is not a server id from 0 to 255");
        }

        string quorumPart = value;
        IPAddress? clientAddress = null;
        int? clientPort = null;
        int semicolon = value.IndexOf(';');
        if (semicolon >= 0)
        {
            quorumPart = value[..semicolon];
            string client = value[(semicolon + 1)..].Trim();
            int colon = client.LastIndexOf(':');
            string portText = colon >= 0 ? client[(colon + 1)..] : client;
            if (colon >= 0)
            {
                string host = client[..colon];
                clientAddress = host == "localhost" ? IPAddress.Loopback
                    : IPAddress.TryParse(host, out var address) ? address
                    : throw new ConfigException(key, $"client address '{host}' is not an IP address");
            }

            clientPort = ParsePort(key, portText);
        }

        // Only the first of several '|'-joined addresses is used.
        string[] parts = quorumPart.Split('|')[0].Split(':');
        if (parts.Length is < 3 or > 4)
        {
            throw new ConfigException(key, $"expected host:quorumPort:electionPort[:participant|observer], got '{quorumPart}'");
        }

        bool observer = false;
        if (parts.Length == 4)
        {
            observer = parts[3] switch
            {
                "participant" => false,
                "observer" => true,
                _ => throw new ConfigException(key, $"role '{parts[3]}' is neither participant nor observer"),
            };
        }

        return new QuorumServer(key, id, parts[0], ParsePort(key, parts[1]), ParsePort(key, parts[2]), observer, clientAddress, clientPort);
    }

    private static int ParsePort(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            ? port
            : throw new ConfigException(key, $"'{text}' is not a port");
}
