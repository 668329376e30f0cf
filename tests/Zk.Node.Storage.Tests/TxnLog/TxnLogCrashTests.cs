using Zk.Node.Storage.Tests.Devices;
using Zk.Node.Storage.Tests.Support;
using Zk.Node.Storage.TxnLog;
using Log = Zk.Node.Storage.TxnLog.TxnLog;

namespace Zk.Node.Storage.Tests.TxnLog;

/// <summary>
/// The durability property under simulated power cuts: for every seed, random batches, rolls and truncations run
/// until a crash point inside some device call; the page cache then loses or tears whatever was not synced.
/// After recovery (which may itself crash and recover again) the log must hold every record a completed
/// <see cref="Log.Commit"/> covered, and nothing but a prefix of what was appended: no torn record, no hole.
/// </summary>
public sealed class TxnLogCrashTests
{
    private const int Seeds = 300;

    [Fact]
    public void Every_committed_record_survives_a_crash_and_nothing_after_a_torn_point_is_returned()
    {
        var failures = new List<string>();
        var outcomes = new CrashOutcomes();
        for (int seed = 0; seed < Seeds; seed++)
        {
            try
            {
                RunSeed(seed, outcomes);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"seed {seed}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));

        // The property is only as good as the crashes it saw: torn tails, including ones with valid records
        // beyond a hole, must have come up often.
        Assert.True(outcomes.TornTails > Seeds / 2, $"only {outcomes.TornTails} torn tails");
        Assert.True(outcomes.TornTailsWithRecordsBeyond > Seeds / 20, $"only {outcomes.TornTailsWithRecordsBeyond} holes with records beyond");
    }

    private static void RunSeed(int seed, CrashOutcomes outcomes)
    {
        var random = new Random(seed);
        var device = new SimulatedDevice();
        var options = new TxnLogOptions { PreAllocSizeBytes = 4096, MaxRecordBytes = 2048 };

        // What may be on disk (oldest first) and how much of it must be.
        var possible = new List<(long Zxid, byte[] Record)>();
        int required = 0;
        long nextZxid = 1;

        for (int cycle = 0; cycle < 4; cycle++)
        {
            device.ArmCrash(random.Next(1, 40));
            try
            {
                using var log = Log.Open(device, options);
                for (int step = 0; step < 30; step++)
                {
                    int action = random.Next(10);
                    if (action == 0)
                    {
                        log.RollLog();
                    }
                    else if (action == 1 && log.LastZxid > 0)
                    {
                        long keep = possible[random.Next(required)].Zxid;
                        int kept = possible.FindLastIndex(r => r.Zxid <= keep) + 1;
                        // Mid-truncation a crash may leave anything between the kept prefix and the old log.
                        required = kept;
                        log.TruncateAfter(keep);
                        possible.RemoveRange(kept, possible.Count - kept);
                    }
                    else
                    {
                        possible.RemoveRange(required, possible.Count - required);
                        int count = random.Next(1, 6);
                        for (int i = 0; i < count; i++)
                        {
                            nextZxid += random.Next(1, 3);
                            var record = Payloads.For(nextZxid, random.Next(1, 700));
                            log.Append(nextZxid, record);
                            possible.Add((nextZxid, record));
                        }

                        log.Commit();
                        required = possible.Count;
                    }
                }
            }
            catch (SimulatedCrashException)
            {
                // The power cut.
            }

            device.Crash(random);
            var recovered = RecoverAllowingCrashes(device, options, random, outcomes);

            Assert.True(recovered.Count >= required, $"cycle {cycle}: {recovered.Count} records recovered, {required} were committed");
            Assert.True(recovered.Count <= possible.Count, $"cycle {cycle}: {recovered.Count} records recovered, only {possible.Count} written");
            for (int i = 0; i < recovered.Count; i++)
            {
                Assert.Equal(possible[i].Zxid, recovered[i].Zxid);
                Assert.True(possible[i].Record.AsSpan().SequenceEqual(recovered[i].Record), $"cycle {cycle}: record 0x{recovered[i].Zxid:x} differs");
            }

            possible = recovered;
            required = recovered.Count;
            nextZxid = Math.Max(nextZxid, recovered.Count == 0 ? 0 : recovered[^1].Zxid);
        }
    }

    /// <summary>Recovery writes too (cuts, deletes); crash it sometimes and recover again.</summary>
    private static List<(long Zxid, byte[] Record)> RecoverAllowingCrashes(SimulatedDevice device, TxnLogOptions options, Random random, CrashOutcomes outcomes)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (attempt < 2 && random.Next(3) == 0)
            {
                device.ArmCrash(random.Next(0, 4));
            }

            try
            {
                using var log = Log.Open(device, options);
                device.Disarm();
                if (log.RecoveryTruncation is { } cut)
                {
                    outcomes.TornTails++;
                    outcomes.TornTailsWithRecordsBeyond += cut.DroppedRecords > 0 ? 1 : 0;
                }

                return [.. log.ReadFrom(0)];
            }
            catch (SimulatedCrashException)
            {
                device.Crash(random);
            }
        }
    }

    private sealed class CrashOutcomes
    {
        public int TornTails { get; set; }

        public int TornTailsWithRecordsBeyond { get; set; }
    }
}
