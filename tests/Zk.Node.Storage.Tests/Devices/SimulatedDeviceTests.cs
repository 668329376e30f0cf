namespace Zk.Node.Storage.Tests.Devices;

/// <summary>The twin must be at least as hostile as a real page cache, or the crash tests prove nothing.</summary>
public sealed class SimulatedDeviceTests
{
    [Fact]
    public void Synced_data_in_a_synced_directory_survives_every_crash()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var device = new SimulatedDevice();
            using (var f = device.Create("a"))
            {
                f.Write(0, new byte[2000]);
                f.Write(0, [7, 7, 7]);
                f.Sync();
            }

            device.SyncDirectory();
            device.Crash(new Random(seed));

            Assert.Equal(2000, device.ReadAllBytes("a").Length);
            Assert.Equal(new byte[] { 7, 7, 7 }, device.ReadAllBytes("a")[..3]);
        }
    }

    [Fact]
    public void Unsynced_writes_are_sometimes_lost_and_sometimes_torn()
    {
        var outcomes = new HashSet<string>();
        for (int seed = 0; seed < 100; seed++)
        {
            var device = new SimulatedDevice();
            using (var f = device.Create("a"))
            {
                f.Sync();
                device.SyncDirectory();
                f.Write(0, Enumerable.Repeat((byte)1, 2048).ToArray());
            }

            device.Crash(new Random(seed));
            var bytes = device.ReadAllBytes("a");
            int ones = bytes.Count(b => b == 1);
            outcomes.Add(ones == 0 ? "lost" : ones == 2048 ? "whole" : "torn");
        }

        Assert.Equal(["lost", "torn", "whole"], outcomes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_file_created_without_a_directory_sync_can_vanish_even_if_its_data_was_synced()
    {
        bool vanished = false;
        for (int seed = 0; seed < 50 && !vanished; seed++)
        {
            var device = new SimulatedDevice();
            using (var f = device.Create("a"))
            {
                f.Write(0, [1]);
                f.Sync();
            }

            device.Crash(new Random(seed));
            vanished = !device.Exists("a");
        }

        Assert.True(vanished);
    }

    [Fact]
    public void Handles_from_before_a_crash_stop_working()
    {
        var device = new SimulatedDevice();
        var f = device.Create("a");
        device.Crash(new Random(1));

        Assert.Throws<IOException>(() => f.Write(0, [1]));
    }

    [Fact]
    public void An_armed_crash_fires_on_the_chosen_mutating_call_and_not_before()
    {
        var device = new SimulatedDevice();
        using var f = device.Create("a");
        device.ArmCrash(2);

        f.Write(0, [1]);
        f.Sync();
        Assert.Throws<SimulatedCrashException>(() => f.Write(1, [2]));
        Assert.Equal(new byte[] { 1 }, device.ReadAllBytes("a"));
    }
}
