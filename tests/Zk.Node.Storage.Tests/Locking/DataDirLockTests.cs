using Zk.Node.Storage.Locking;
using Zk.Node.Storage.Tests.Support;

namespace Zk.Node.Storage.Tests.Locking;

/// <summary>One data folder, one holder: the lock file's flock (cross-process behaviour is tested with real zknode processes in Zk.Node.Server.Tests).</summary>
public sealed class DataDirLockTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_second_lock_on_a_held_folder_is_refused_naming_the_folder_and_the_holders_pid()
    {
        using var held = DataDirLock.Acquire(_temp.Path, "dataDir");

        var error = Assert.Throws<DataDirLockedException>(() => DataDirLock.Acquire(_temp.Path, "dataDir"));

        Assert.Equal($"pid {Environment.ProcessId}", error.Holder);
        Assert.Contains($"dataDir {Path.GetFullPath(_temp.Path)} is in use by pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_released_lock_can_be_taken_again()
    {
        DataDirLock.Acquire(_temp.Path, "dataDir").Dispose();

        using var again = DataDirLock.Acquire(_temp.Path, "dataDir");

        Assert.True(File.Exists(again.Path));
    }

    [Fact]
    public void Opened_storage_holds_both_the_data_and_the_log_folder_until_disposed()
    {
        string dataDir = Path.Combine(_temp.Path, "data");
        string logDir = Path.Combine(_temp.Path, "log");
        var options = new StorageOptions { DataDir = dataDir, DataLogDir = logDir, PreAllocSizeKb = 4 };
        using (NodeStorage.Open(options))
        {
            Assert.Throws<DataDirLockedException>(() => DataDirLock.Acquire(dataDir, "dataDir"));
            var log = Assert.Throws<DataDirLockedException>(() => NodeStorage.Open(options with { DataDir = Path.Combine(_temp.Path, "other") }));
            Assert.Contains($"dataLogDir {Path.GetFullPath(logDir)}", log.Message, StringComparison.Ordinal);
        }

        using var reopened = NodeStorage.Open(options);
    }
}
