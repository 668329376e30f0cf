namespace Zk.Node.Core.Quorum;

/// <summary>
/// The part of java.util.Properties.load that configuration text uses: one key per logical line, comments starting
/// with '#' or '!', the key ending at the first '=', ':' or whitespace, leading whitespace of the value skipped and
/// trailing whitespace kept. Backslash escapes and continuation lines are not interpreted (ZooKeeper never writes them).
/// Later keys replace earlier ones, as in a Properties table.
/// </summary>
internal static class PropertiesText
{
    public static List<(string Key, string Value)> Parse(string text)
    {
        var result = new List<(string Key, string Value)>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r').TrimStart(' ', '\t', '\f');
            if (line.Length == 0 || line[0] == '#' || line[0] == '!')
            {
                continue;
            }

            int i = 0;
            while (i < line.Length && line[i] is not ('=' or ':' or ' ' or '\t' or '\f'))
            {
                i++;
            }

            string key = line[..i];
            int j = i;
            while (j < line.Length && line[j] is ' ' or '\t' or '\f')
            {
                j++;
            }

            if (j < line.Length && line[j] is '=' or ':')
            {
                j++;
            }

            while (j < line.Length && line[j] is ' ' or '\t' or '\f')
            {
                j++;
            }

            string value = line[j..];
            int existing = result.FindIndex(p => p.Key == key);
            if (existing >= 0)
            {
                result[existing] = (key, value);
            }
            else
            {
                result.Add((key, value));
            }
        }

        return result;
    }
}
