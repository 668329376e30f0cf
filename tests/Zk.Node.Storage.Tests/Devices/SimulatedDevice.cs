using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.Tests.Devices;

/// <summary>
/// An in-memory <see cref="IDurableDevice"/> that models the page cache. Every file has a durable image and the
/// writes and size changes made since its last fsync; the directory has a durable map of names and the creates,
/// renames and deletes since its last fsync. <see cref="Crash"/> keeps the durable state and, driven by a seeded
/// random, applies some of the rest: each unsynced write lands fully, not at all, or torn (a random subset of its
/// 512-byte sectors); a random prefix of the unsynced directory operations survives (metadata is journaled in order).
/// <see cref="ArmCrash"/> makes the Nth mutating call throw <see cref="SimulatedCrashException"/> before it
/// happens, which puts the crash in the middle of a commit, a rename or a truncation.
/// </summary>
internal sealed class SimulatedDevice : IDurableDevice
{
    private const int SectorBytes = 512;

    private Dictionary<string, SimulatedInode> _current = new(StringComparer.Ordinal);
    private Dictionary<string, SimulatedInode> _durable = new(StringComparer.Ordinal);
    private List<Action<Dictionary<string, SimulatedInode>>> _pendingDirectoryOps = [];
    private int _operationsUntilCrash = -1;

    public string Location => "sim:/";

    public long FileSyncCount { get; private set; }

    public long DirectorySyncCount { get; private set; }

    /// <summary>Incremented by <see cref="Crash"/>; handles from before a crash refuse to work.</summary>
    public int Generation { get; private set; }

    /// <summary>The next <paramref name="operations"/>-th mutating call (write, size change, sync, create, rename, delete) throws instead.</summary>
    public void ArmCrash(int operations) => _operationsUntilCrash = operations;

    public void Disarm() => _operationsUntilCrash = -1;

    public IReadOnlyList<string> List() => [.. _current.Keys];

    public bool Exists(string name) => _current.ContainsKey(name);

    public IDurableFile Create(string name)
    {
        Tick();
        if (_current.TryGetValue(name, out var existing))
        {
            existing.SetLength(0);
            return new SimulatedFile(this, name, existing);
        }

        var inode = new SimulatedInode();
        _current[name] = inode;
        _pendingDirectoryOps.Add(d => d[name] = inode);
        return new SimulatedFile(this, name, inode);
    }

    public IDurableFile Open(string name) =>
        _current.TryGetValue(name, out var inode)
            ? new SimulatedFile(this, name, inode)
            : throw new FileNotFoundException($"no file {name}", name);

    public void Rename(string source, string destination)
    {
        if (!_current.TryGetValue(source, out var inode))
        {
            throw new FileNotFoundException($"no file {source}", source);
        }

        Tick();
        _current.Remove(source);
        _current[destination] = inode;
        _pendingDirectoryOps.Add(d =>
        {
            if (d.Remove(source, out var moved))
            {
                d[destination] = moved;
            }
        });
    }

    public void Delete(string name)
    {
        Tick();
        if (_current.Remove(name))
        {
            _pendingDirectoryOps.Add(d => d.Remove(name));
        }
    }

    public void SyncDirectory()
    {
        Tick();
        _durable = new Dictionary<string, SimulatedInode>(_current, StringComparer.Ordinal);
        _pendingDirectoryOps = [];
        DirectorySyncCount++;
    }

    /// <summary>Power cut: what is durable stays, the rest survives partly or not at all, as the random decides.</summary>
    public void Crash(Random random)
    {
        var directory = new Dictionary<string, SimulatedInode>(_durable, StringComparer.Ordinal);
        int surviving = random.Next(_pendingDirectoryOps.Count + 1);
        for (int i = 0; i < surviving; i++)
        {
            _pendingDirectoryOps[i](directory);
        }

        var crashed = new Dictionary<SimulatedInode, SimulatedInode>();
        var next = new Dictionary<string, SimulatedInode>(StringComparer.Ordinal);
        foreach (var (name, inode) in directory.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!crashed.TryGetValue(inode, out var survivor))
            {
                survivor = inode.Crash(random, SectorBytes);
                crashed[inode] = survivor;
            }

            next[name] = survivor;
        }

        _current = next;
        _durable = new Dictionary<string, SimulatedInode>(next, StringComparer.Ordinal);
        _pendingDirectoryOps = [];
        _operationsUntilCrash = -1;
        Generation++;
    }

    /// <summary>The current (page cache) contents of a file, for assertions and corruption tests.</summary>
    public byte[] ReadAllBytes(string name) => _current[name].Contents();

    /// <summary>Overwrites a file durably (as if the disk itself changed): for corruption tests.</summary>
    public void ReplaceDurably(string name, byte[] contents) => _current[name].ReplaceDurably(contents);

    internal void Tick()
    {
        if (_operationsUntilCrash < 0)
        {
            return;
        }

        if (_operationsUntilCrash == 0)
        {
            throw new SimulatedCrashException();
        }

        _operationsUntilCrash--;
    }

    internal void CountFileSync() => FileSyncCount++;
}
