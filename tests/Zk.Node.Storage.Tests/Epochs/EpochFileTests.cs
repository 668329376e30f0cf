using System.Text;
using Zk.Node.Storage.Devices;
using Zk.Node.Storage.Epochs;
using Zk.Node.Storage.Tests.Devices;
using Zk.Node.Storage.Tests.Support;

namespace Zk.Node.Storage.Tests.Epochs;

public sealed class EpochFileTests
{
    [Fact]
    public void A_missing_file_reads_as_no_epoch()
    {
        Assert.False(new EpochFile(new SimulatedDevice(), EpochFile.CurrentEpoch).TryRead(out _));
    }

    [Fact]
    public void A_written_epoch_reads_back_and_a_second_write_replaces_it()
    {
        var file = new EpochFile(new SimulatedDevice(), EpochFile.AcceptedEpoch);
        file.Write(4);
        file.Write(0x7fffffff);

        Assert.True(file.TryRead(out long epoch));
        Assert.Equal(0x7fffffff, epoch);
    }

    [Fact]
    public void The_file_holds_decimal_text_as_ZooKeeper_writes_it()
    {
        using var temp = new TempDirectory();
        new EpochFile(FileDevice.OpenDirectory(temp.Path), EpochFile.CurrentEpoch).Write(12);

        Assert.Equal("12", File.ReadAllText(temp.File("currentEpoch")));
        Assert.False(File.Exists(temp.File("currentEpoch.tmp")));
    }

    [Theory]
    [InlineData("7\n", 7)]
    [InlineData("  42 ", 42)]
    public void A_file_written_by_ZooKeeper_or_by_hand_reads(string text, long expected)
    {
        var device = new SimulatedDevice();
        using (var f = device.Create(EpochFile.CurrentEpoch))
        {
            f.Write(0, Encoding.ASCII.GetBytes(text));
        }

        Assert.True(new EpochFile(device, EpochFile.CurrentEpoch).TryRead(out long epoch));
        Assert.Equal(expected, epoch);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-3")]
    public void A_file_that_is_not_an_epoch_is_an_error(string text)
    {
        var device = new SimulatedDevice();
        using (var f = device.Create(EpochFile.CurrentEpoch))
        {
            f.Write(0, Encoding.ASCII.GetBytes(text));
        }

        Assert.Throws<InvalidDataException>(() => new EpochFile(device, EpochFile.CurrentEpoch).TryRead(out _));
    }

    [Fact]
    public void A_crash_during_a_write_leaves_the_old_or_the_new_epoch_and_after_it_returns_the_new()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var device = new SimulatedDevice();
            new EpochFile(device, EpochFile.AcceptedEpoch).Write(5);
            device.ArmCrash(random.Next(0, 6));
            bool finished = false;
            try
            {
                new EpochFile(device, EpochFile.AcceptedEpoch).Write(6);
                finished = true;
            }
            catch (SimulatedCrashException)
            {
            }

            device.Crash(random);

            Assert.True(new EpochFile(device, EpochFile.AcceptedEpoch).TryRead(out long epoch), $"seed {seed}: epoch lost");
            Assert.True(finished ? epoch == 6 : epoch is 5 or 6, $"seed {seed}: read {epoch}");
        }
    }
}
