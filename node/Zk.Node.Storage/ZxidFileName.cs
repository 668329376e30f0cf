using System.Globalization;

namespace Zk.Node.Storage;

/// <summary>
/// Parses ZooKeeper-style <c>prefix.&lt;hex zxid&gt;</c> file names. Only the canonical spelling (lower case, no leading
/// zeros) matches, so two names can never claim the same zxid; anything else (e.g. a <c>.tmp</c> suffix) is not a match.
/// </summary>
internal static class ZxidFileName
{
    public static bool TryParse(string name, string prefix, out long zxid)
    {
        zxid = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = name.AsSpan(prefix.Length);
        return hex.Length is > 0 and <= 16
            && long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out zxid)
            && zxid >= 0
            && hex.SequenceEqual(zxid.ToString("x", CultureInfo.InvariantCulture));
    }

    public static string Format(string prefix, long zxid) => prefix + zxid.ToString("x", CultureInfo.InvariantCulture);
}
