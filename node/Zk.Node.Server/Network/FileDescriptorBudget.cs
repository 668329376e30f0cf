using System.Runtime.InteropServices;

namespace Zk.Node.Server.Network;

/// <summary>
/// How many client connections the process's file descriptor limit (RLIMIT_NOFILE, <c>ulimit -n</c>) leaves room for.
/// Running out is not only a failed accept: the runtime itself needs descriptors (the JIT's double-mapped code memory
/// aborts the process with "Out of memory" when it cannot get one), and so do log and snapshot files. So client
/// connections may use the limit less the descriptors the server held before serving and a reserve; ones past that
/// are refused like connections past maxCnxns. Linux only (elsewhere there is no cap).
/// </summary>
internal sealed partial class FileDescriptorBudget(int reserve)
{
    private const int RlimitNofile = 7;

    private readonly int _baseline = CountOpen();

    /// <summary>Client connections the current soft limit leaves room for; null when there is no limit to respect.</summary>
    /// <remarks>Asks the kernel every time (one cheap syscall): the limit can change while the server runs (prlimit).</remarks>
    public int? ConnectionCapacity() =>
        SoftLimit() is ulong limit ? (int)Math.Clamp((long)Math.Min(limit, int.MaxValue) - _baseline - reserve, 0, int.MaxValue) : null;

    /// <summary>The soft limit, or null when unlimited or unknown.</summary>
    public static ulong? SoftLimit() =>
        OperatingSystem.IsLinux() && getrlimit(RlimitNofile, out var limit) == 0 && limit.Current != ulong.MaxValue ? limit.Current : null;

    private static int CountOpen() => OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : 0;

#pragma warning disable SA1300, IDE1006 // libc names
    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out ResourceLimit limit);
#pragma warning restore SA1300, IDE1006

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
