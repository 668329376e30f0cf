using Zk.Node.Storage.Devices;
using Zk.Node.Storage.Tests.Devices;
using Zk.Node.Storage.Tests.Support;
using Zk.Node.Storage.TxnLog;
using Log = Zk.Node.Storage.TxnLog.TxnLog;

namespace Zk.Node.Storage.Tests.TxnLog;

public sealed class TxnLogTests
{
    private static readonly TxnLogOptions Small = new() { PreAllocSizeBytes = 4096 };

    [Fact]
    public void Committed_records_come_back_in_order_after_reopening()
    {
        var device = new SimulatedDevice();
        using (var log = Log.Open(device, Small))
        {
            Append(log, 1, 2, 3);
            log.Commit();
            Append(log, 4);
            log.Commit();
            Assert.Equal(4, log.LastZxid);
        }

        using var reopened = Log.Open(device, Small);
        Assert.Equal(4, reopened.LastZxid);
        Assert.Null(reopened.RecoveryTruncation);
        AssertRecords([1, 2, 3, 4], reopened.ReadFrom(0));
    }

    [Fact]
    public void An_empty_directory_opens_as_an_empty_log()
    {
        using var log = Log.Open(new SimulatedDevice(), Small);

        Assert.Equal(0, log.LastZxid);
        Assert.Equal(0, log.FirstZxid);
        Assert.Empty(log.ReadFrom(0));
    }

    [Fact]
    public void Zxids_must_increase_within_a_batch_across_commits_and_across_reopening()
    {
        var device = new SimulatedDevice();
        using (var log = Log.Open(device, Small))
        {
            log.Append(10, [1]);
            Assert.Throws<ArgumentOutOfRangeException>(() => log.Append(10, [1]));
            log.Commit();
            Assert.Throws<ArgumentOutOfRangeException>(() => log.Append(9, [1]));
        }

        using var reopened = Log.Open(device, Small);
        Assert.Throws<ArgumentOutOfRangeException>(() => reopened.Append(10, [1]));
        reopened.Append(11, [1]);
    }

    [Fact]
    public void Empty_and_oversized_records_are_refused()
    {
        using var log = Log.Open(new SimulatedDevice(), Small with { MaxRecordBytes = 100 });

        Assert.Throws<ArgumentOutOfRangeException>(() => log.Append(1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Append(1, new byte[101]));
        log.Append(1, new byte[100]);
        Assert.Equal(1, log.BufferedRecords);
    }

    [Fact]
    public void A_thousand_appends_and_one_commit_cost_exactly_one_fsync()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        log.Append(1, [1]);
        log.Commit(); // creates the file: one file fsync and one directory fsync
        long fileSyncs = device.FileSyncCount;
        long directorySyncs = device.DirectorySyncCount;
        long logSyncs = log.Counters.Fsyncs;

        for (long zxid = 2; zxid <= 1001; zxid++)
        {
            log.Append(zxid, Payloads.For(zxid, 100));
        }

        log.Commit();

        Assert.Equal(fileSyncs + 1, device.FileSyncCount);
        Assert.Equal(directorySyncs, device.DirectorySyncCount);
        Assert.Equal(logSyncs + 1, log.Counters.Fsyncs);
        Assert.Equal(1001, log.Counters.Records);
        Assert.Equal(1001, log.ReadFrom(0).Count());
    }

    [Fact]
    public void Appending_and_committing_a_batch_allocates_nothing_per_record()
    {
        using var log = Log.Open(new DiscardingDevice(), Small);
        var payload = new byte[100];
        long zxid = 0;
        for (int warm = 0; warm < 3; warm++)
        {
            for (int i = 0; i < 1000; i++)
            {
                log.Append(++zxid, payload);
            }

            log.Commit();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            log.Append(++zxid, payload);
        }

        log.Commit();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1000, $"{allocated} bytes allocated for 1000 records");
        Assert.Equal(zxid, log.LastZxid);
    }

    [Fact]
    public void The_first_commit_of_a_new_file_also_syncs_the_directory()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        log.Append(1, [1]);
        log.Commit();

        Assert.Equal(1, device.FileSyncCount);
        Assert.Equal(1, device.DirectorySyncCount);
    }

    [Fact]
    public void ForceSync_off_writes_without_fsync()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small with { ForceSync = false });
        Append(log, 1, 2);
        log.Commit();

        Assert.Equal(0, device.FileSyncCount + device.DirectorySyncCount);
        Assert.Equal(0, log.Counters.Fsyncs);
        AssertRecords([1, 2], log.ReadFrom(0));
    }

    [Fact]
    public void A_commit_with_nothing_buffered_does_nothing()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        log.Commit();

        Assert.Empty(device.List());
        Assert.Equal(0, log.Counters.Commits);
    }

    [Fact]
    public void Fsync_time_is_measured_with_the_injected_clock()
    {
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(3));
        using var log = Log.Open(new SimulatedDevice(), Small with { Time = clock });
        Append(log, 1);
        log.Commit();

        // Two syncs (file and directory), each timed between two clock reads three milliseconds apart.
        Assert.Equal(TimeSpan.FromMilliseconds(6), log.Counters.FsyncTime);
    }

    [Fact]
    public void Files_grow_in_preallocation_chunks_and_records_beyond_the_first_chunk_survive_reopening()
    {
        var device = new SimulatedDevice();
        using (var log = Log.Open(device, Small))
        {
            Append(log, 1);
            log.Commit();
            Assert.Equal(4096, device.ReadAllBytes("log.1").Length);

            for (long zxid = 2; zxid <= 40; zxid++)
            {
                log.Append(zxid, Payloads.For(zxid, 200));
                log.Commit();
                long length = device.ReadAllBytes("log.1").Length;
                Assert.Equal(0, length % 4096);
                Assert.True(length >= 16 + ((zxid - 1) * (24 + 200)), $"file of {length} bytes cannot hold {zxid} records");
            }
        }

        using var reopened = Log.Open(device, Small);
        Assert.Null(reopened.RecoveryTruncation);
        Assert.Equal(40, reopened.ReadFrom(0).Count());
        Assert.Equal(Payloads.For(40, 200), reopened.ReadFrom(39).Single().Record);
    }

    [Fact]
    public void Rolling_starts_files_named_for_their_first_zxid_and_ReadFrom_crosses_them()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        Append(log, 0x100000001, 0x100000002);
        log.Commit();
        log.RollLog();
        Append(log, 0x100000003);
        log.Commit();
        log.RollLog();
        Append(log, 0x200000001, 0x200000002);
        log.Commit();

        Assert.Equal(["log.100000001", "log.100000003", "log.200000001"], log.Files);
        Assert.Equal(["log.100000001", "log.100000003", "log.200000001"], device.List().Order(StringComparer.Ordinal));
        AssertRecords([0x100000002, 0x100000003, 0x200000001, 0x200000002], log.ReadFrom(0x100000001));
        AssertRecords([0x200000001, 0x200000002], log.ReadFrom(0x100000003));
        AssertRecords([0x200000002], log.ReadFrom(0x200000001));
        Assert.Empty(log.ReadFrom(0x200000002));

        using var reopened = Log.Open(device, Small);
        AssertRecords([0x100000001, 0x100000002, 0x100000003, 0x200000001, 0x200000002], reopened.ReadFrom(0));
        Assert.Equal(0x100000001, reopened.FirstZxid);
    }

    [Fact]
    public void The_first_commit_after_reopening_starts_a_new_file()
    {
        var device = new SimulatedDevice();
        using (var log = Log.Open(device, Small))
        {
            Append(log, 1);
            log.Commit();
        }

        using var reopened = Log.Open(device, Small);
        Append(reopened, 2);
        reopened.Commit();

        Assert.Equal(["log.1", "log.2"], reopened.Files);
    }

    [Fact]
    public void TruncateAfter_drops_later_files_and_cuts_the_file_holding_the_zxid()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        Append(log, 1, 2);
        log.Commit();
        log.RollLog();
        Append(log, 3, 4, 5);
        log.Commit();
        log.RollLog();
        Append(log, 6);
        log.Commit();

        log.TruncateAfter(3);

        Assert.Equal(3, log.LastZxid);
        Assert.Equal(["log.1", "log.3"], log.Files);
        AssertRecords([1, 2, 3], log.ReadFrom(0));
        Append(log, 4);
        log.Commit();
        using var reopened = Log.Open(device, Small);
        Assert.Null(reopened.RecoveryTruncation);
        AssertRecords([1, 2, 3, 4], reopened.ReadFrom(0));
    }

    [Fact]
    public void TruncateAfter_survives_a_crash_once_it_returns()
    {
        var device = new SimulatedDevice();
        using (var log = Log.Open(device, Small))
        {
            Append(log, 1, 2, 3);
            log.Commit();
            log.RollLog();
            Append(log, 4, 5);
            log.Commit();
            log.TruncateAfter(2);
        }

        device.Crash(new Random(7));

        using var reopened = Log.Open(device, Small);
        AssertRecords([1, 2], reopened.ReadFrom(0));
    }

    [Fact]
    public void TruncateAfter_below_the_first_record_empties_the_log()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        Append(log, 5, 6);
        log.Commit();

        log.TruncateAfter(4);

        Assert.Equal(0, log.LastZxid);
        Assert.Empty(device.List());
        Assert.Empty(log.ReadFrom(0));
    }

    [Fact]
    public void TruncateAfter_at_or_above_the_last_zxid_changes_nothing()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        Append(log, 1, 2);
        log.Commit();
        long syncs = device.FileSyncCount;

        log.TruncateAfter(2);
        log.TruncateAfter(9);

        Assert.Equal(syncs, device.FileSyncCount);
        AssertRecords([1, 2], log.ReadFrom(0));
    }

    [Fact]
    public void TruncateAfter_refuses_while_records_are_buffered()
    {
        using var log = Log.Open(new SimulatedDevice(), Small);
        Append(log, 1);
        log.Commit();
        Append(log, 2);

        Assert.Throws<InvalidOperationException>(() => log.TruncateAfter(0));
    }

    [Fact]
    public void Truncating_invalidates_a_reader_in_progress()
    {
        using var log = Log.Open(new SimulatedDevice(), Small);
        Append(log, 1, 2, 3);
        log.Commit();

        using var reader = log.ReadFrom(0).GetEnumerator();
        Assert.True(reader.MoveNext());
        log.TruncateAfter(1);

        Assert.Throws<InvalidOperationException>(() => reader.MoveNext());
    }

    [Fact]
    public void Records_committed_while_reading_are_seen_by_the_reader()
    {
        using var log = Log.Open(new SimulatedDevice(), Small);
        Append(log, 1);
        log.Commit();
        log.RollLog();

        var seen = new List<long>();
        foreach (var (zxid, _) in log.ReadFrom(0))
        {
            seen.Add(zxid);
            if (zxid == 1)
            {
                Append(log, 2);
                log.Commit();
            }
        }

        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void DeleteFilesBefore_keeps_the_newest_file_starting_at_or_before_the_zxid()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        foreach (long first in new long[] { 1, 10, 20, 30 })
        {
            Append(log, first, first + 1);
            log.Commit();
            log.RollLog();
        }

        var deleted = log.DeleteFilesBefore(25);

        Assert.Equal(["log.1", "log.a"], deleted);
        Assert.Equal(["log.14", "log.1e"], log.Files);
        Assert.Equal(["log.14", "log.1e"], device.List().Order(StringComparer.Ordinal));
        AssertRecords([20, 21, 30, 31], log.ReadFrom(0));
    }

    [Fact]
    public void DeleteFilesBefore_never_deletes_the_file_being_written()
    {
        using var log = Log.Open(new SimulatedDevice(), Small);
        Append(log, 1);
        log.Commit();
        Append(log, 2);
        log.Commit();

        Assert.Empty(log.DeleteFilesBefore(100));
        Assert.Equal(["log.1"], log.Files);
    }

    [Fact]
    public async Task Purging_from_another_thread_while_the_log_thread_commits_and_rolls_keeps_the_log_consistent()
    {
        using var temp = new TempDirectory();
        using var log = Log.Open(FileDevice.OpenDirectory(temp.Path), Small with { ForceSync = false });
        long committed = 0;
        using var done = new ManualResetEventSlim();
        var purger = Task.Run(() =>
        {
            int purges = 0;
            while (!done.IsSet || purges == 0)
            {
                log.DeleteFilesBefore(Volatile.Read(ref committed) - 20);
                purges++;
            }

            return purges;
        });

        for (long zxid = 1; zxid <= 600; zxid++)
        {
            log.Append(zxid, Payloads.For(zxid, 20));
            log.Commit();
            Volatile.Write(ref committed, zxid);
            if (zxid % 10 == 0)
            {
                log.RollLog();
            }
        }

        done.Set();
        Assert.True(await purger.WaitAsync(TimeSpan.FromSeconds(30)) > 0);

        log.DeleteFilesBefore(580);
        var remaining = log.ReadFrom(0).Select(r => r.Zxid).ToList();
        Assert.Equal(Enumerable.Range(571, 30).Select(z => (long)z), remaining);
        Assert.Equal(log.Files.Order(StringComparer.Ordinal), Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void After_a_failed_commit_the_log_refuses_further_use()
    {
        var device = new SimulatedDevice();
        using var log = Log.Open(device, Small);
        Append(log, 1);
        log.Commit();
        Append(log, 2);
        device.ArmCrash(1); // the write goes through, the fsync fails

        Assert.Throws<SimulatedCrashException>(log.Commit);
        Assert.Throws<InvalidOperationException>(() => log.Append(3, [1]));
        Assert.Throws<InvalidOperationException>(log.Commit);
    }

    [Fact]
    public void The_log_works_on_real_files_with_directory_fsync()
    {
        using var temp = new TempDirectory();
        var device = FileDevice.OpenDirectory(temp.Path);
        using (var log = Log.Open(device, Small))
        {
            Append(log, 1, 2);
            log.Commit();
            log.RollLog();
            Append(log, 3);
            log.Commit();
        }

        Assert.Equal(2, device.DirectorySyncCount);
        Assert.Equal(2, device.FileSyncCount);
        Assert.Equal(4096, new FileInfo(temp.File("log.3")).Length);
        using var reopened = Log.Open(FileDevice.OpenDirectory(temp.Path, create: false), Small);
        AssertRecords([1, 2, 3], reopened.ReadFrom(0));
    }

    internal static void Append(Log log, params long[] zxids)
    {
        foreach (long zxid in zxids)
        {
            log.Append(zxid, Payloads.For(zxid, 10 + (int)(zxid % 50)));
        }
    }

    internal static void AssertRecords(long[] expected, IEnumerable<(long Zxid, byte[] Record)> actual)
    {
        var records = actual.ToList();
        Assert.Equal(expected, records.Select(r => r.Zxid));
        foreach (var (zxid, record) in records)
        {
            Assert.Equal(Payloads.For(zxid, 10 + (int)(zxid % 50)), record);
        }
    }
}
