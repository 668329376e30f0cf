namespace Zk.Node.Storage.Locking;

/// <summary>Another live process holds the data folder's lock: this one must not start on it.</summary>
public sealed class DataDirLockedException : IOException
{
    public DataDirLockedException(string folder, string role, string holder)
        : base($"{role} {folder} is in use by {holder} (it holds {Path.Combine(folder, DataDirLock.FileName)}): "
            + "two servers on one data folder would each write their own history into the same log; stop the other one or point this one at another folder")
    {
        Folder = folder;
        Holder = holder;
    }

    public DataDirLockedException()
    {
        Folder = string.Empty;
        Holder = string.Empty;
    }

    public DataDirLockedException(string message)
        : base(message)
    {
        Folder = string.Empty;
        Holder = string.Empty;
    }

    public DataDirLockedException(string message, Exception inner)
        : base(message, inner)
    {
        Folder = string.Empty;
        Holder = string.Empty;
    }

    /// <summary>The locked folder (full path).</summary>
    public string Folder { get; }

    /// <summary>"pid N", or "another process" when the lock file held no pid.</summary>
    public string Holder { get; }
}
