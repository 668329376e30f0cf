using System.Diagnostics;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Durability;

/// <summary>
/// Acknowledged writes survive kill -9: a kazoo writer creates nodes as fast as the server acks them, the
/// server is killed mid-stream, restarted on the same data folder, and every acknowledged node must be there.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData("")]
    [InlineData("snapCount=100")] // forces several snapshots and log rolls during the run
    public async Task Every_acknowledged_create_survives_kill_9_and_restart(string extraConfig)
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, extraConfig);
        for (int round = 0; round < 2; round++)
        {
            string root = $"/crash-{round}";
            var acked = await WriteUntilKilledAsync(server, root, minimumAcks: 600);
            await server.RestartAsync();
            var verify = await ProcessRunner.RunAsync(
                Binaries.Python, [Binaries.Script("crash_writer.py"), server.Hosts, root, "verify", .. acked.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], TimeSpan.FromSeconds(120));
            Assert.True(verify.ExitCode == 0, $"round {round}: {acked.Count} acknowledged creates, verify said: {verify}\n{server.Log[^Math.Min(3000, server.Log.Length)..]}");
        }
    }

    private static async Task<List<int>> WriteUntilKilledAsync(ServerProcess server, string root, int minimumAcks)
    {
        var acked = new List<int>();
        var info = new ProcessStartInfo(Binaries.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Binaries.Script("crash_writer.py"), server.Hosts, root, "write" })
        {
            info.ArgumentList.Add(arg);
        }

        using var writer = Process.Start(info)!;
        writer.ErrorDataReceived += (_, _) => { };
        writer.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (acked.Count < minimumAcks)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {acked.Count} acks within 60 s");
            string? line = await writer.StandardOutput.ReadLineAsync();
            Assert.NotNull(line);
            if (line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                acked.Add(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        server.Kill();

        // Replies that reached the writer before the kill are acknowledged writes too: let it print them and
        // fail on the lost connection, then collect everything it printed.
        if (!writer.WaitForExit(20_000))
        {
            writer.Kill();
            writer.WaitForExit();
        }

        string rest = await writer.StandardOutput.ReadToEndAsync();
        foreach (string line in rest.Split('\n'))
        {
            if (line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                acked.Add(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return acked;
    }
}
