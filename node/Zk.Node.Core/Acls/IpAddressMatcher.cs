using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Zk.Node.Core.Acls;

/// <summary>
/// IPAuthenticationProvider: an ip ACL id is an address or "address/bits" (IPv4 or IPv6); a client
/// matches when its address agrees with the ACL's in the first bits (all of them without "/bits").
/// IPv4 must be four decimal parts 0–255, as ZooKeeper parses it (no "127.1" shorthands).
/// </summary>
internal static class IpAddressMatcher
{
    public static bool IsValid(string aclExpr) => TryParse(aclExpr, out _, out _);

    public static bool Matches(string clientAddress, string aclExpr)
    {
        if (!TryParse(aclExpr, out var aclBytes, out int bits))
        {
            return false;
        }

        var remote = ParseAddress(clientAddress);
        if (remote is null || remote.Length != aclBytes.Length)
        {
            return false;
        }

        Mask(aclBytes, bits);
        Mask(remote, bits);
        return aclBytes.AsSpan().SequenceEqual(remote);
    }

    private static bool TryParse(string aclExpr, out byte[] address, out int bits)
    {
        int slash = aclExpr.IndexOf('/', StringComparison.Ordinal);
        address = ParseAddress(slash < 0 ? aclExpr : aclExpr[..slash])!;
        bits = 0;
        if (address is null)
        {
            return false;
        }

        bits = address.Length * 8;
        if (slash < 0)
        {
            return true;
        }

        // Integer.parseInt: optional sign, ASCII digits only.
        return int.TryParse(aclExpr.AsSpan(slash + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out bits)
            && bits >= 0
            && bits <= address.Length * 8;
    }

    private static byte[]? ParseAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && v6.ScopeId == 0
                ? v6.GetAddressBytes()
                : null;
        }

        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value is < 0 or > 255)
            {
                return null;
            }

            bytes[i] = (byte)value;
        }

        return bytes;
    }

    private static void Mask(byte[] address, int bits)
    {
        int start = bits / 8;
        int startMask = (1 << (8 - (bits % 8))) - 1;
        startMask = ~startMask;
        while (start < address.Length)
        {
            address[start] &= (byte)startMask;
            startMask = 0;
            start++;
        }
    }
}
