using System.Globalization;

namespace Zk.Bench;

/// <summary>
/// CPU time a process has used (user + system), from /proc/&lt;pid&gt;/stat fields 14 and 15. They count clock
/// ticks of USER_HZ, which the Linux ABI fixes at 100 per second on every architecture we run on.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>CPU milliseconds so far, or null when the process (or /proc) is not there.</summary>
    public static double? TotalMilliseconds(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces; fields after it are plain.
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) * 1000.0 / TicksPerSecond;
    }
}
