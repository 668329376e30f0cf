using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Zk.Node.Storage.Devices;

/// <summary>
/// fsync of a directory. .NET cannot open a directory as a file, so on Unix this goes to libc:
/// open(O_RDONLY), fsync, close. Windows has no equivalent (NTFS journals the rename), so it is a no-op there.
/// </summary>
internal static partial class DirectorySync
{
    private const int ORdOnly = 0;

    public static void Sync(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd = open(path, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"open({path}) for directory fsync failed", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

#pragma warning disable SA1300, IDE1006 // libc names
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
#pragma warning restore SA1300, IDE1006
}
