using System.Globalization;
using System.Net;

namespace Zk.Client;

/// <summary>
/// A parsed connect string: <c>host1:port1,host2:port2[/chroot]</c>. Ports default to 2181; IPv6 hosts are
/// written in brackets (<c>[::1]:2181</c>). The chroot, when present, prefixes every path the client sends.
/// </summary>
public sealed record ConnectionString(IReadOnlyList<DnsEndPoint> Hosts, string? Chroot)
{
    public const int DefaultPort = 2181;

    public static ConnectionString Parse(string connectString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectString);
        string hostsPart = connectString;
        string? chroot = null;
        int slash = connectString.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            hostsPart = connectString[..slash];
            chroot = connectString[slash..];
            if (chroot == "/")
            {
                chroot = null;
            }
            else
            {
                PathUtil.Validate(chroot, nameof(connectString));
            }
        }

        var hosts = new List<DnsEndPoint>();
        foreach (string raw in hostsPart.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            hosts.Add(ParseHost(raw));
        }

        if (hosts.Count == 0)
        {
            throw new ArgumentException($"no hosts in connect string '{connectString}'", nameof(connectString));
        }

        return new ConnectionString(hosts, chroot);
    }

    private static DnsEndPoint ParseHost(string raw)
    {
        string host = raw;
        string? port = null;
        if (raw.StartsWith('['))
        {
            int close = raw.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"unterminated IPv6 address in '{raw}'");
            }

            host = raw[1..close];
            if (close + 1 < raw.Length)
            {
                port = raw[(close + 1)..] is [':', .. var rest] ? rest : throw new ArgumentException($"bad host '{raw}'");
            }
        }
        else
        {
            int colon = raw.LastIndexOf(':');
            if (colon >= 0)
            {
                host = raw[..colon];
                port = raw[(colon + 1)..];
            }
        }

        int portNumber = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535))
        {
            throw new ArgumentException($"bad port in '{raw}'");
        }

        return new DnsEndPoint(host, portNumber);
    }
}
