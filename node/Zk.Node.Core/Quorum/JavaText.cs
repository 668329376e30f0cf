using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Zk.Node.Core.Quorum;

/// <summary>
/// The few Java string and address behaviours the configuration text depends on, reproduced so that what we accept
/// and print matches ZooKeeper byte for byte.
/// </summary>
internal static class JavaText
{
    /// <summary>String.split with a literal one-character separator: trailing empty strings are removed.</summary>
    public static string[] Split(string value, char separator)
    {
        var parts = value.Split(separator);
        int count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0)
        {
            count--;
        }

        return count == parts.Length ? parts : parts[..count];
    }

    /// <summary>ZooKeeper's StringUtils.split: split, trim each piece, drop empty pieces.</summary>
    public static List<string> SplitTrimmed(string value, char separator)
    {
        var result = new List<string>();
        foreach (string piece in value.Split(separator))
        {
            string trimmed = piece.Trim();
            if (trimmed.Length > 0)
            {
                result.Add(trimmed);
            }
        }

        return result;
    }

    /// <summary>ConfigUtils.getHostAndPort: "[v6]:a:b" keeps the bracketed host whole, anything else splits on ':'.</summary>
    public static string[]? HostAndPort(string value, out string? error)
    {
        error = null;
        if (!value.StartsWith('['))
        {
            return Split(value, ':');
        }

        int close = value.IndexOf(']', StringComparison.Ordinal);
        if (close < 0)
        {
            error = value + " starts with '[' but has no matching ']:'";
            return null;
        }

        if (close + 2 == value.Length)
        {
            error = value + " doesn't have a port after colon";
            return null;
        }

        if (close + 2 < value.Length)
        {
            var rest = Split(value[(close + 2)..], ':');
            return [value[1..close], .. rest];
        }

        return [value.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)];
    }

    /// <summary>Integer.parseInt followed by InetSocketAddress's port check.</summary>
    public static bool TryParsePort(string text, out int port, out bool outOfRange)
    {
        outOfRange = false;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        if (port is < 0 or > 65535)
        {
            outOfRange = true;
            return false;
        }

        return true;
    }

    /// <summary>
    /// InetSocketAddress.getHostString of an address built from <paramref name="host"/>: a host name stays as
    /// written, an IP literal is printed the way Java prints it (IPv6 as eight uncompressed lower-case groups).
    /// </summary>
    public static string HostString(string host)
    {
        if (TryParseDottedQuad(host, out string? v4))
        {
            return v4;
        }

        if (host.Contains(':', StringComparison.Ordinal)
            && IPAddress.TryParse(host, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return address.MapToIPv4().ToString();
            }

            var bytes = address.GetAddressBytes();
            var groups = new string[8];
            for (int i = 0; i < 8; i++)
            {
                groups[i] = ((bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToString("x", CultureInfo.InvariantCulture);
            }

            string text = string.Join(':', groups);
            return address.ScopeId != 0 ? text + "%" + address.ScopeId.ToString(CultureInfo.InvariantCulture) : text;
        }

        return host;
    }

    /// <summary>QuorumServer.delimitedHostString: IPv6 hosts are bracketed.</summary>
    public static string Delimited(string hostString) =>
        hostString.Contains(':', StringComparison.Ordinal) ? "[" + hostString + "]" : hostString;

    /// <summary>True for an IP literal that is neither a wildcard nor loopback; hosts that are names never are.</summary>
    public static bool IsSpecialAddress(string hostString)
    {
        if (string.Equals(hostString, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(hostString, out var address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
    }

    private static bool TryParseDottedQuad(string host, out string normalized)
    {
        normalized = host;
        var parts = host.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var values = new int[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit))
            {
                return false;
            }

            values[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
            if (values[i] > 255)
            {
                return false;
            }
        }

        normalized = string.Join('.', values);
        return true;
    }
}
