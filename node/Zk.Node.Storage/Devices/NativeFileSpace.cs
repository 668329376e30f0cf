using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Zk.Node.Storage.Devices;

/// <summary>posix_fallocate on 64-bit Linux (where off_t is 64 bits); callers fall back to ftruncate when this returns false.</summary>
internal static partial class NativeFileSpace
{
    public static bool TryAllocate(SafeFileHandle handle, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return false;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            // posix_fallocate returns the error number itself (it does not set errno).
            return posix_fallocate((int)handle.DangerousGetHandle(), offset, length) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

#pragma warning disable SA1300, IDE1006 // libc name
    [LibraryImport("libc")]
    private static partial int posix_fallocate(int fd, long offset, long length);
#pragma warning restore SA1300, IDE1006
}
