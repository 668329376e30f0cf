using System.Buffers;
using Zk.Node.Storage.Snapshots;
using Zk.Node.Storage.Tests.Devices;
using Zk.Node.Storage.Tests.Support;

namespace Zk.Node.Storage.Tests.Snapshots;

public sealed class SnapshotStoreTests
{
    private readonly SimulatedDevice _device = new();
    private readonly RecordingLogSink _sink = new();

    [Fact]
    public void A_written_snapshot_reads_back_under_its_zxid()
    {
        var store = new SnapshotStore(_device, _sink);
        var payload = Payloads.For(0x100000005, 5000);

        store.Write(0x100000005, payload);

        Assert.True(store.TryReadLatestValid(out long zxid, out var read));
        Assert.Equal(0x100000005, zxid);
        Assert.Equal(payload, read);
        Assert.Equal(["snapshot.100000005"], _device.List());
        Assert.Empty(_sink.Lines);
    }

    [Fact]
    public void No_snapshot_reads_as_none()
    {
        var store = new SnapshotStore(_device);

        Assert.False(store.TryReadLatestValid(out _, out var payload));
        Assert.Empty(payload);
    }

    [Fact]
    public void The_streaming_writer_produces_the_same_file_as_the_span_writer()
    {
        var payload = Payloads.For(9, 700_000);
        new SnapshotStore(_device).Write(9, payload);
        var expected = _device.ReadAllBytes("snapshot.9");
        var other = new SimulatedDevice();

        new SnapshotStore(other).Write(9, writer =>
        {
            // Uneven pieces, some larger than the writer's window.
            int offset = 0;
            int piece = 1;
            while (offset < payload.Length)
            {
                int n = Math.Min(piece, payload.Length - offset);
                payload.AsSpan(offset, n).CopyTo(writer.GetSpan(n));
                writer.Advance(n);
                offset += n;
                piece = piece * 3 % 300_001 + 1;
            }
        });

        Assert.Equal(expected, other.ReadAllBytes("snapshot.9"));
    }

    [Fact]
    public void An_empty_payload_is_a_valid_snapshot()
    {
        var store = new SnapshotStore(_device);
        store.Write(3, ReadOnlySpan<byte>.Empty);

        Assert.True(store.TryReadLatestValid(out long zxid, out var payload));
        Assert.Equal((3L, 0), (zxid, payload.Length));
    }

    [Fact]
    public void The_newest_valid_snapshot_wins_and_damaged_newer_ones_are_reported()
    {
        var store = new SnapshotStore(_device, _sink);
        store.Write(10, Payloads.For(10, 100));
        store.Write(20, Payloads.For(20, 100));
        store.Write(30, Payloads.For(30, 100));
        var damaged = _device.ReadAllBytes("snapshot.1e");
        damaged[50] ^= 1;
        _device.ReplaceDurably("snapshot.1e", damaged);

        Assert.True(store.TryReadLatestValid(out long zxid, out var payload));

        Assert.Equal(20, zxid);
        Assert.Equal(Payloads.For(20, 100), payload);
        var line = Assert.Single(_sink.Lines);
        Assert.Contains("snapshot.1e", line.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_snapshot_of_any_length_is_skipped()
    {
        var store = new SnapshotStore(_device, _sink);
        store.Write(10, Payloads.For(10, 64));
        store.Write(20, Payloads.For(20, 64));
        var whole = _device.ReadAllBytes("snapshot.14");

        for (int length = 0; length < whole.Length; length++)
        {
            _device.ReplaceDurably("snapshot.14", whole[..length]);

            Assert.True(store.TryReadLatestValid(out long zxid, out _));
            Assert.Equal(10, zxid);
        }
    }

    [Fact]
    public void A_snapshot_renamed_to_another_zxid_is_rejected()
    {
        var store = new SnapshotStore(_device, _sink);
        store.Write(10, Payloads.For(10, 64));
        _device.Rename("snapshot.a", "snapshot.b");

        Assert.False(store.TryReadLatestValid(out _, out _));
        Assert.Contains("does not match", Assert.Single(_sink.Lines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_survives_a_crash_once_Write_returns()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var device = new SimulatedDevice();
            new SnapshotStore(device).Write(7, Payloads.For(7, 3000));

            device.Crash(new Random(seed));

            Assert.True(new SnapshotStore(device).TryReadLatestValid(out long zxid, out var payload));
            Assert.Equal(7, zxid);
            Assert.Equal(Payloads.For(7, 3000), payload);
        }
    }

    [Fact]
    public void A_crash_during_Write_leaves_the_previous_snapshot_or_the_new_one_never_a_broken_one()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var device = new SimulatedDevice();
            new SnapshotStore(device).Write(7, Payloads.For(7, 1500));
            device.ArmCrash(random.Next(0, 6));
            bool finished = false;
            try
            {
                new SnapshotStore(device).Write(9, Payloads.For(9, 1500));
                finished = true;
            }
            catch (SimulatedCrashException)
            {
            }

            device.Crash(random);
            var sink = new RecordingLogSink();

            Assert.True(new SnapshotStore(device, sink).TryReadLatestValid(out long zxid, out var payload));
            Assert.True(zxid == 9 || !finished, $"seed {seed}: a finished snapshot was lost");
            Assert.Equal(Payloads.For(zxid, 1500), payload);
            Assert.Empty(sink.Lines);
        }
    }

    [Fact]
    public void Listing_shows_published_snapshots_newest_first_and_no_temporary_files()
    {
        var store = new SnapshotStore(_device);
        store.Write(0x30, [1]);
        store.Write(0x100, [1]);
        store.Write(0x2, [1]);
        _device.Create("snapshot.200.tmp").Dispose();

        Assert.Equal([0x100L, 0x30, 0x2], store.List().Select(s => s.Zxid));
        Assert.Equal(29, store.List()[0].Length);
    }

    [Fact]
    public void DeleteOlderThan_removes_older_snapshots_and_temporary_files_but_not_newer_ones()
    {
        var store = new SnapshotStore(_device);
        store.Write(10, [1]);
        store.Write(20, [1]);
        store.Write(30, [1]);
        _device.Create("snapshot.5.tmp").Dispose();
        _device.Create("snapshot.40.tmp").Dispose();

        var deleted = store.DeleteOlderThan(20);

        Assert.Equal(["snapshot.5.tmp", "snapshot.a"], deleted);
        Assert.Equal(["snapshot.14", "snapshot.1e", "snapshot.40.tmp"], _device.List().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FindValid_returns_the_newest_valid_zxids_skipping_damaged_ones()
    {
        var store = new SnapshotStore(_device, _sink);
        foreach (long zxid in new long[] { 10, 20, 30, 40 })
        {
            store.Write(zxid, Payloads.For(zxid, 40));
        }

        _device.ReplaceDurably("snapshot.1e", [1, 2, 3]);

        Assert.Equal([40L, 20], store.FindValid(2));
        Assert.Equal([40L, 20, 10], store.FindValid(5));
    }

    [Fact]
    public void A_store_that_did_not_write_a_snapshot_checks_its_checksum_before_counting_it_valid()
    {
        new SnapshotStore(_device).Write(10, Payloads.For(10, 40));
        new SnapshotStore(_device).Write(20, Payloads.For(20, 40));
        var damaged = _device.ReadAllBytes("snapshot.14");
        damaged[30] ^= 4;
        _device.ReplaceDurably("snapshot.14", damaged);

        Assert.Equal([10L], new SnapshotStore(_device, _sink).FindValid(2));
        Assert.Single(_sink.Lines);
    }

    [Fact]
    public void The_streaming_writer_refuses_to_advance_past_the_span_it_gave()
    {
        var writer = new SnapshotPayloadWriter(new SimulatedDevice().Create("x"), 0);
        int available = writer.GetSpan(10).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(available + 1));
        Assert.IsAssignableFrom<IBufferWriter<byte>>(writer);
    }
}
