using Zk.Node.Storage.Tests.Devices;
using Zk.Node.Storage.Tests.Support;

namespace Zk.Node.Storage.Tests;

public sealed class NodeStorageTests
{
    private readonly SimulatedDevice _logs = new();
    private readonly SimulatedDevice _snaps = new();

    private NodeStorage Open() => NodeStorage.Open(
        new DataDirLayout("/data"),
        _logs,
        _snaps,
        new StorageOptions { DataDir = "/data", PreAllocSizeKb = 4 });

    /// <summary>Log files starting at 1, 12, 25, 35 and 45 (the last one open); snapshots at 10, 20, 30, 40.</summary>
    private static void Populate(NodeStorage storage)
    {
        foreach (long first in new long[] { 1, 12, 25, 35, 45 })
        {
            storage.Log.RollLog();
            storage.Log.Append(first, [1]);
            storage.Log.Append(first + 1, [2]);
            storage.Log.Commit();
        }

        foreach (long zxid in new long[] { 10, 20, 30, 40 })
        {
            storage.Snapshots.Write(zxid, Payloads.For(zxid, 32));
        }
    }

    [Fact]
    public void Purge_keeps_the_newest_snapshots_and_every_log_that_may_follow_the_oldest_kept()
    {
        using var storage = Open();
        Populate(storage);

        var result = storage.Purge(2);

        Assert.Equal([40L, 30], result.RetainedSnapshots);
        Assert.Equal(["snapshot.14", "snapshot.a"], result.DeletedSnapshots);
        // log.19 (25) may hold txns after snapshot 30 (0x1e): kept with everything newer.
        Assert.Equal(["log.1", "log.c"], result.DeletedLogs);
        Assert.Equal(["log.19", "log.23", "log.2d", "snapshot.1e", "snapshot.28"], _logs.List().Concat(_snaps.List()).Order(StringComparer.Ordinal));
        Assert.Equal(25, storage.Log.FirstZxid);
    }

    [Fact]
    public void After_a_purge_the_node_still_recovers_the_newest_snapshot_plus_the_log_after_it()
    {
        using (var storage = Open())
        {
            Populate(storage);
            storage.Purge(1);
        }

        using var reopened = Open();
        Assert.True(reopened.Snapshots.TryReadLatestValid(out long zxid, out _));
        Assert.Equal(40, zxid);
        Assert.Equal([45L, 46], reopened.Log.ReadFrom(zxid).Select(r => r.Zxid));
        Assert.True(reopened.Log.FirstZxid <= zxid + 1, "the log no longer reaches back to the snapshot");
    }

    [Fact]
    public void Damaged_snapshots_do_not_count_towards_the_retained_ones()
    {
        using var storage = Open();
        Populate(storage);
        _snaps.ReplaceDurably("snapshot.28", [0]);

        var result = storage.Purge(2);

        Assert.Equal([30L, 20], result.RetainedSnapshots);
        Assert.Equal(["snapshot.a"], result.DeletedSnapshots);
        Assert.Equal(["log.1"], result.DeletedLogs);
    }

    [Fact]
    public void Without_a_valid_snapshot_purge_deletes_nothing()
    {
        using var storage = Open();
        storage.Log.Append(1, [1]);
        storage.Log.Commit();

        var result = storage.Purge(3);

        Assert.Empty(result.DeletedLogs);
        Assert.Empty(result.DeletedSnapshots);
        Assert.Equal(["log.1"], _logs.List());
    }

    [Fact]
    public void Open_on_real_directories_places_files_like_ZooKeeper()
    {
        using var temp = new TempDirectory();
        string dataDir = Path.Combine(temp.Path, "data");
        string logDir = Path.Combine(temp.Path, "datalog");
        using (var storage = NodeStorage.Open(new StorageOptions { DataDir = dataDir, DataLogDir = logDir, PreAllocSizeKb = 4 }))
        {
            storage.Log.Append(0x100000001, [1]);
            storage.Log.Commit();
            storage.Snapshots.Write(0x100000001, [1, 2]);
            storage.CurrentEpoch.Write(1);
            storage.AcceptedEpoch.Write(1);
        }

        Assert.True(File.Exists(Path.Combine(logDir, "version-2", "log.100000001")));
        Assert.True(File.Exists(Path.Combine(dataDir, "version-2", "snapshot.100000001")));
        Assert.True(File.Exists(Path.Combine(dataDir, "version-2", "currentEpoch")));
        Assert.True(File.Exists(Path.Combine(dataDir, "version-2", "acceptedEpoch")));
        Assert.Equal(4096, new FileInfo(Path.Combine(logDir, "version-2", "log.100000001")).Length);
    }
}
