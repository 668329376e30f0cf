using Microsoft.Win32.SafeHandles;

namespace Zk.Node.Storage.Devices;

/// <summary>
/// <see cref="IDurableDevice"/> over a real directory: positional I/O on <see cref="SafeFileHandle"/>,
/// fsync through <see cref="RandomAccess.FlushToDisk"/>, and on Unix an fsync of the directory itself,
/// without which a freshly created or renamed file may vanish at a power cut even though its data was synced.
/// </summary>
public sealed class FileDevice : IDurableDevice
{
    private long _fileSyncs;
    private long _directorySyncs;

    private FileDevice(string path) => Location = path;

    public string Location { get; }

    /// <summary>File fsyncs issued through this device (all its files).</summary>
    public long FileSyncCount => Interlocked.Read(ref _fileSyncs);

    /// <summary>Directory fsyncs issued through this device.</summary>
    public long DirectorySyncCount => Interlocked.Read(ref _directorySyncs);

    /// <summary>Opens <paramref name="path"/>, creating it (and its parents) when <paramref name="create"/> is set.</summary>
    public static FileDevice OpenDirectory(string path, bool create = true)
    {
        string full = Path.GetFullPath(path);
        if (create)
        {
            Directory.CreateDirectory(full);
        }
        else if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"storage directory {full} does not exist");
        }

        return new FileDevice(full);
    }

    public IReadOnlyList<string> List() =>
        [.. Directory.EnumerateFiles(Location).Select(p => Path.GetFileName(p))];

    public bool Exists(string name) => File.Exists(PathOf(name));

    public IDurableFile Create(string name) => OpenHandle(name, FileMode.Create);

    public IDurableFile Open(string name) => OpenHandle(name, FileMode.Open);

    public void Rename(string source, string destination) => File.Move(PathOf(source), PathOf(destination), overwrite: true);

    public void Delete(string name) => File.Delete(PathOf(name));

    public void SyncDirectory()
    {
        DirectorySync.Sync(Location);
        Interlocked.Increment(ref _directorySyncs);
    }

    internal void CountFileSync() => Interlocked.Increment(ref _fileSyncs);

    private FileDeviceFile OpenHandle(string name, FileMode mode)
    {
        // Share everything: the txn log reads a file through a second handle while it appends through the first.
        var handle = File.OpenHandle(PathOf(name), mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        return new FileDeviceFile(this, name, handle);
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a plain file name", nameof(name));
        }

        return Path.Combine(Location, name);
    }
}
