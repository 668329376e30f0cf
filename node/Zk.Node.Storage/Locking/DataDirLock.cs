using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Zk.Node.Storage.Locking;

/// <summary>
/// An exclusive lock on one data folder for the life of the process: <c>&lt;folder&gt;/zknode.lock</c>, held with
/// <c>flock(LOCK_EX | LOCK_NB)</c> and holding the owner's pid. Two processes serving one folder would each recover
/// and append to the same log and snapshots; the second one must not start.
/// <para>
/// flock belongs to the open file description, so the kernel drops it when the process dies however it dies
/// (kill -9 included): a stale lock file never blocks a restart. The pid is only there for the message: a lock
/// file without a live lock means nothing. This goes to libc directly rather than through .NET's own FileShare
/// locking, which an environment switch can turn off and which would make reading the holder's pid fail.
/// </para>
/// </summary>
public sealed partial class DataDirLock : IDisposable
{
    public const string FileName = "zknode.lock";

    private int _fd;
    private FileStream? _fallback;

    private DataDirLock(string path, int fd, FileStream? fallback = null)
    {
        Path = path;
        _fd = fd;
        _fallback = fallback;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Creates the folder if needed and locks it; throws <see cref="DataDirLockedException"/> when another process holds it.</summary>
    /// <param name="role">What the folder is to the node ("dataDir", "dataLogDir"), for the message.</param>
    public static DataDirLock Acquire(string folder, string role)
    {
        string full = System.IO.Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        string path = System.IO.Path.Combine(full, FileName);
        if (!OperatingSystem.IsLinux())
        {
            return AcquireWithFileShare(full, role, path);
        }

        int fd = open(path, ORdWr | OCreat | OCloExec, Mode0644);
        if (fd < 0)
        {
            throw new IOException($"cannot open the lock file {path}", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        if (flock(fd, LockEx | LockNb) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string holder = ReadHolder(fd);
            _ = close(fd);
            if (errno == EWouldBlock)
            {
                throw new DataDirLockedException(full, role, holder);
            }

            throw new IOException($"cannot lock {path}", new Win32Exception(errno));
        }

        var held = new DataDirLock(path, fd);
        try
        {
            byte[] pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, pid.Length, 0) != pid.Length)
            {
                throw new IOException($"cannot write the pid into {path}", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        catch
        {
            held.Dispose();
            throw;
        }

        return held;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _fallback, null)?.Dispose();
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // The file stays: deleting it would race with a process that has just opened it and is about to lock it.
            _ = close(fd);
        }
    }

    private static string ReadHolder(int fd)
    {
        var buffer = new byte[32];
        int n = (int)pread(fd, buffer, buffer.Length, 0);
        string text = n > 0 ? Encoding.ASCII.GetString(buffer, 0, n).Trim() : string.Empty;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? $"pid {pid}" : "another process";
    }

    /// <summary>Elsewhere than Linux (the flag values above are Linux's): .NET's FileShare.None lock, without the holder's pid.</summary>
    private static DataDirLock AcquireWithFileShare(string folder, string role, string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
            return new DataDirLock(path, -1, stream);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataDirLockedException(folder, role, "another process");
        }
    }

    // Linux values (x86-64 and arm64 agree on these).
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int OCloExec = 0x80000;
    private const int Mode0644 = 0x1a4;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int EWouldBlock = 11;

#pragma warning disable SA1300, IDE1006 // libc names
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint pwrite(int fd, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint pread(int fd, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
#pragma warning restore SA1300, IDE1006
}
