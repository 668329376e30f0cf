using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Hardening;

/// <summary>
/// Two zknode processes on one data folder: the second refuses to start with one line naming the folder and the
/// first one's pid, and the lock goes away with the first process even when it is killed with SIGKILL.
/// </summary>
public sealed class DataFolderLockTests
{
    [Fact]
    public async Task A_second_zknode_on_the_same_dataDir_refuses_to_start_naming_the_folder_and_the_holder()
    {
        await using var first = await ServerProcess.StartAsync(ServerKind.ZkNode);
        int holder = first.Pid!.Value;
        await using var second = ServerProcess.Prepare(ServerKind.ZkNode, $"dataDir={first.DataDir}");

        int? exitCode = await second.StartExpectingExitAsync(TimeSpan.FromSeconds(30));

        AssertRefusedInOneLine(second, exitCode, $"dataDir {first.DataDir} is in use by pid {holder}");
        Assert.Contains("Mode: standalone", await FourLetter.AskAsync(first.ClientPort, "srvr"), StringComparison.Ordinal);

        first.Kill();
        await second.RestartAsync();
        Assert.Contains("Mode: standalone", await FourLetter.AskAsync(second.ClientPort, "srvr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_zknode_on_the_same_dataLogDir_refuses_to_start_naming_that_folder()
    {
        string logDir = Path.Combine(Path.GetTempPath(), $"zk-test-log-{Guid.NewGuid():N}");
        try
        {
            await using var first = await ServerProcess.StartAsync(ServerKind.ZkNode, $"dataLogDir={logDir}");
            await using var second = ServerProcess.Prepare(ServerKind.ZkNode, $"dataLogDir={logDir}");

            int? exitCode = await second.StartExpectingExitAsync(TimeSpan.FromSeconds(30));

            AssertRefusedInOneLine(second, exitCode, $"dataLogDir {logDir} is in use by pid {first.Pid}");
        }
        finally
        {
            Directory.Delete(logDir, recursive: true);
        }
    }

    private static void AssertRefusedInOneLine(ServerProcess server, int? exitCode, string expected)
    {
        Assert.NotNull(exitCode);
        Assert.NotEqual(0, exitCode);
        var errors = server.Log.Split('\n').Where(l => l.Contains("ERROR", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Log, StringComparison.Ordinal);
    }
}
