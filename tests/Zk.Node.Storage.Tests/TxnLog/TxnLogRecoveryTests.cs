using Zk.Node.Storage.Devices;
using Zk.Node.Storage.Tests.Support;
using Zk.Node.Storage.TxnLog;
using static Zk.Node.Storage.Tests.TxnLog.TxnLogTests;
using Log = Zk.Node.Storage.TxnLog.TxnLog;

namespace Zk.Node.Storage.Tests.TxnLog;

/// <summary>Torn writes and corruption on real files: what recovery keeps, cuts, reports, or refuses.</summary>
public sealed class TxnLogRecoveryTests : IDisposable
{
    private const int HeaderSize = 16;
    private const int RecordHeaderSize = 24;
    private static readonly TxnLogOptions Small = new() { PreAllocSizeBytes = 4096 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Cutting_the_file_at_every_offset_of_the_last_record_keeps_exactly_the_earlier_records()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        long lastStart = offsets[4];
        long lastEnd = offsets[5];

        for (long cut = lastStart + 1; cut < lastEnd; cut++)
        {
            File.WriteAllBytes(_temp.File("log.1"), golden[..(int)cut]);
            var sink = new RecordingLogSink();

            using var log = Log.Open(Device(), Small, sink);

            AssertRecords([1, 2, 3, 4], log.ReadFrom(0));
            Assert.Equal(4, log.LastZxid);
            Assert.NotNull(log.RecoveryTruncation);
            Assert.Equal(("log.1", lastStart, cut), (log.RecoveryTruncation.FileName, log.RecoveryTruncation.Offset, log.RecoveryTruncation.OriginalLength));
            Assert.Equal(lastStart, new FileInfo(_temp.File("log.1")).Length);
            var line = Assert.Single(sink.Lines);
            Assert.Equal(StorageLogLevel.Warning, line.Level);
            Assert.Contains($"log.1 at offset {lastStart}", line.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cutting_exactly_at_a_record_boundary_is_a_clean_end()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        File.WriteAllBytes(_temp.File("log.1"), golden[..(int)offsets[4]]);

        using var log = Log.Open(Device(), Small);

        AssertRecords([1, 2, 3, 4], log.ReadFrom(0));
        Assert.Null(log.RecoveryTruncation);
    }

    [Fact]
    public void Zeroing_the_preallocated_file_from_every_offset_of_the_last_record_keeps_the_earlier_records()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        for (long from = offsets[4] + 1; from < offsets[5]; from++)
        {
            var bytes = (byte[])golden.Clone();
            bytes.AsSpan((int)from).Clear();
            File.WriteAllBytes(_temp.File("log.1"), bytes);

            using var log = Log.Open(Device(), Small);

            AssertRecords([1, 2, 3, 4], log.ReadFrom(0));
            Assert.Equal(offsets[4], log.RecoveryTruncation?.Offset);
        }
    }

    [Fact]
    public void A_whole_last_record_that_fails_its_checksum_is_damage_and_refused_naming_file_offset_and_zxid()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        for (long at = offsets[4]; at < offsets[5]; at++)
        {
            if (at - offsets[4] is >= 4 and < 8)
            {
                continue; // the length field: a record of another length is the case below
            }

            var bytes = (byte[])golden.Clone();
            bytes[at] ^= 0x5A;
            File.WriteAllBytes(_temp.File("log.1"), bytes);

            var error = Assert.Throws<TxnLogCorruptException>(() => Log.Open(Device(), Small));

            Assert.Contains($"log.1 at offset {offsets[4]}", error.Message, StringComparison.Ordinal);
            Assert.Contains("the one after 0x4", error.Message, StringComparison.Ordinal);
            if (at - offsets[4] is < 8 or >= 16)
            {
                Assert.Contains("zxid 0x5 ", error.Message, StringComparison.Ordinal);
            }

            Assert.Contains("fails its checksum", error.Message, StringComparison.Ordinal);
            Assert.Equal(bytes, File.ReadAllBytes(_temp.File("log.1")));
        }
    }

    [Fact]
    public void An_ensemble_member_cuts_a_damaged_last_record_and_says_the_leader_resends_it()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        golden[offsets[4]] ^= 0x5A;
        File.WriteAllBytes(_temp.File("log.1"), golden);
        var sink = new RecordingLogSink();

        using var log = Log.Open(Device(), Small with { CutDamagedTail = true }, sink);

        AssertRecords([1, 2, 3, 4], log.ReadFrom(0));
        Assert.Equal(offsets[4], log.RecoveryTruncation?.Offset);
        var line = Assert.Single(sink.Lines);
        Assert.Equal(StorageLogLevel.Error, line.Level);
        Assert.Contains("fails its checksum", line.Message, StringComparison.Ordinal);
        Assert.Contains("again from the leader", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_record_with_a_sector_that_never_landed_is_a_torn_tail()
    {
        using (var log = Log.Open(Device(), Small))
        {
            Append(log, 1);
            log.Commit();
            log.Append(2, Payloads.For(2, 1500));
            log.Commit();
        }

        // Record 2 spans sectors 0..3 of the file; its second sector stayed the preallocated zeros.
        var bytes = File.ReadAllBytes(_temp.File("log.1"));
        bytes.AsSpan(512, 512).Clear();
        File.WriteAllBytes(_temp.File("log.1"), bytes);

        using var reopened = Log.Open(Device(), Small);

        AssertRecords([1], reopened.ReadFrom(0));
        Assert.Equal(HeaderSize + Size(1), reopened.RecoveryTruncation?.Offset);
    }

    [Fact]
    public void Flipping_any_byte_of_a_middle_record_is_reported_as_corruption_and_changes_nothing()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        for (long at = offsets[2]; at < offsets[3]; at++)
        {
            var bytes = (byte[])golden.Clone();
            bytes[at] ^= 0x5A;
            File.WriteAllBytes(_temp.File("log.1"), bytes);

            var error = Assert.Throws<TxnLogCorruptException>(() => Log.Open(Device(), Small));

            Assert.Contains($"log.1 at offset {offsets[2]}", error.Message, StringComparison.Ordinal);
            Assert.Equal(bytes, File.ReadAllBytes(_temp.File("log.1")));
        }
    }

    [Fact]
    public void With_forceSync_off_damage_before_later_commits_is_cut_and_reported_as_an_error()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        golden[offsets[2] + 30] ^= 1;
        File.WriteAllBytes(_temp.File("log.1"), golden);
        var sink = new RecordingLogSink();

        using var log = Log.Open(Device(), Small with { ForceSync = false }, sink);

        AssertRecords([1, 2], log.ReadFrom(0));
        Assert.Equal(2, log.RecoveryTruncation?.DroppedRecords);
        Assert.Equal(StorageLogLevel.Error, Assert.Single(sink.Lines).Level);
    }

    [Fact]
    public void Damage_in_an_earlier_file_followed_by_a_later_file_is_corruption()
    {
        using (var log = Log.Open(Device(), Small))
        {
            Append(log, 1, 2);
            log.Commit();
            log.RollLog();
            Append(log, 3);
            log.Commit();
        }

        var bytes = File.ReadAllBytes(_temp.File("log.1"));
        int secondRecord = HeaderSize + RecordHeaderSize + 11;
        bytes[secondRecord + RecordHeaderSize] ^= 1;
        File.WriteAllBytes(_temp.File("log.1"), bytes);

        var error = Assert.Throws<TxnLogCorruptException>(() => Log.Open(Device(), Small));
        Assert.Contains("log.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_page_inside_the_newest_commit_cuts_that_commit_and_reports_the_valid_records_beyond_it()
    {
        using (var log = Log.Open(Device(), Small))
        {
            Append(log, 1);
            log.Commit();
            Append(log, 2, 3, 4, 5, 6, 7, 8);
            log.Commit();
        }

        // Record 3 never reached the disk (its page was written back after the crash point); 4..8 did.
        var bytes = File.ReadAllBytes(_temp.File("log.1"));
        long third = HeaderSize + Size(1) + Size(2);
        bytes.AsSpan((int)third, (int)Size(3)).Clear();
        File.WriteAllBytes(_temp.File("log.1"), bytes);

        using var reopened = Log.Open(Device(), Small);

        AssertRecords([1, 2], reopened.ReadFrom(0));
        Assert.Equal(third, reopened.RecoveryTruncation?.Offset);
        Assert.Equal(5, reopened.RecoveryTruncation?.DroppedRecords);
    }

    [Fact]
    public void Garbage_after_the_end_marker_of_the_last_file_is_cut()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        golden[offsets[5] + 100] = 0xFF;
        File.WriteAllBytes(_temp.File("log.1"), golden);

        using var log = Log.Open(Device(), Small);

        AssertRecords([1, 2, 3, 4, 5], log.ReadFrom(0));
        Assert.Equal(offsets[5], log.RecoveryTruncation?.Offset);
        Assert.Contains("end marker", log.RecoveryTruncation?.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(30)]
    public void A_newest_file_torn_while_being_created_is_deleted_and_reported(int survivingBytes)
    {
        using (var log = Log.Open(Device(), Small))
        {
            Append(log, 1);
            log.Commit();
            log.RollLog();
            Append(log, 2);
            log.Commit();
        }

        var bytes = File.ReadAllBytes(_temp.File("log.2"));
        File.WriteAllBytes(_temp.File("log.2"), bytes[..survivingBytes]);

        using var reopened = Log.Open(Device(), Small);

        AssertRecords([1], reopened.ReadFrom(0));
        Assert.False(File.Exists(_temp.File("log.2")));
        Assert.Equal("log.2", reopened.RecoveryTruncation?.FileName);
        Assert.Equal(["log.1"], reopened.Files);
    }

    [Fact]
    public void A_torn_tail_after_a_truncation_inside_a_commit_is_still_a_torn_tail()
    {
        using (var log = Log.Open(Device(), Small))
        {
            Append(log, 1, 2, 3, 4, 5);
            log.Commit();
            log.TruncateAfter(3); // the kept record 3 ends no commit
            Append(log, 10, 11);
            log.Commit();
        }

        // Record 11 was only partly written: from its 30th byte on the file still holds the preallocated zeros.
        var bytes = File.ReadAllBytes(_temp.File("log.a"));
        bytes.AsSpan((int)(HeaderSize + Size(10) + 30)).Clear();
        File.WriteAllBytes(_temp.File("log.a"), bytes);

        using var reopened = Log.Open(Device(), Small);

        AssertRecords([1, 2, 3, 10], reopened.ReadFrom(0));
        Assert.Equal(HeaderSize + Size(10), reopened.RecoveryTruncation?.Offset);
    }

    [Fact]
    public void After_cutting_a_torn_tail_the_log_takes_new_commits_and_reopens_clean()
    {
        var (golden, offsets) = WriteFiveSeparateCommits();
        File.WriteAllBytes(_temp.File("log.1"), golden[..(int)(offsets[4] + 5)]);
        using (var log = Log.Open(Device(), Small))
        {
            Assert.NotNull(log.RecoveryTruncation);
            Append(log, 5, 6);
            log.Commit();
        }

        using var reopened = Log.Open(Device(), Small);

        Assert.Null(reopened.RecoveryTruncation);
        AssertRecords([1, 2, 3, 4, 5, 6], reopened.ReadFrom(0));
    }

    [Fact]
    public void Files_whose_names_are_not_log_zxid_are_ignored()
    {
        File.WriteAllText(_temp.File("log.1.tmp"), "junk");
        File.WriteAllText(_temp.File("snapshot.5"), "junk");
        File.WriteAllText(_temp.File("log.xyz"), "junk");

        using var log = Log.Open(Device(), Small);

        Assert.Empty(log.Files);
        Assert.Null(log.RecoveryTruncation);
    }

    private static long Size(long zxid) => RecordHeaderSize + 10 + (zxid % 50);

    private FileDevice Device() => FileDevice.OpenDirectory(_temp.Path);

    /// <summary>Records 1..5, one commit each, in log.1; returns the file and the start offset of each record plus the end.</summary>
    private (byte[] Golden, long[] Offsets) WriteFiveSeparateCommits()
    {
        using (var log = Log.Open(Device(), Small))
        {
            for (long zxid = 1; zxid <= 5; zxid++)
            {
                Append(log, zxid);
                log.Commit();
            }
        }

        var offsets = new long[6];
        offsets[0] = HeaderSize;
        for (int i = 1; i <= 5; i++)
        {
            offsets[i] = offsets[i - 1] + Size(i);
        }

        return (File.ReadAllBytes(_temp.File("log.1")), offsets);
    }
}
