using System.Globalization;

namespace Zk.Node.Core.Tree;

/// <summary>
/// Sequential node naming as PrepRequestProcessor does it: the suffix is the parent's stored cversion
/// (the number of child creations, not the cversion clients see), String.format("%010d"): ten digits,
/// zero padded, and once the counter overflows a minus sign followed by nine or more digits.
/// </summary>
public static class SequentialNames
{
    public static string Suffix(int parentCversion) =>
        parentCversion < 0
            ? "-" + ((long)parentCversion * -1).ToString("D9", CultureInfo.InvariantCulture)
            : parentCversion.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The path a sequential create of <paramref name="pathPrefix"/> under a parent with that stored cversion gets.</summary>
    public static string Append(string pathPrefix, int parentCversion) => pathPrefix + Suffix(parentCversion);
}
