using System.Diagnostics;
using System.Globalization;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Ensemble.Support;

/// <summary>Drives Interop/scripts/crash_writer.py: creates as fast as acknowledged, and later verifies a set of them.</summary>
internal static class CrashWriter
{
    /// <summary>Starts the writer on <paramref name="hosts"/>, waits for <paramref name="minimumAcks"/> acks, runs <paramref name="crash"/>, then collects every ack it printed.</summary>
    public static async Task<List<int>> WriteThenCrashAsync(string hosts, string root, int minimumAcks, Action crash)
    {
        var acked = new List<int>();
        var info = new ProcessStartInfo(Binaries.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Binaries.Script("crash_writer.py"), hosts, root, "write" })
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
            Collect(line, acked);
        }

        crash();

        // Replies that reached the writer before the crash are acknowledged writes too: let it print them and fail
        // on the lost connection (it does not retry), then collect everything it printed.
        if (!writer.WaitForExit(30_000))
        {
            writer.Kill();
            writer.WaitForExit();
        }

        string rest = await writer.StandardOutput.ReadToEndAsync();
        foreach (string line in rest.Split('\n'))
        {
            Collect(line, acked);
        }

        return acked;
    }

    public static Task<ProcessResult> VerifyAsync(string hosts, string root, IEnumerable<int> acked) =>
        ProcessRunner.RunAsync(
            Binaries.Python,
            [Binaries.Script("crash_writer.py"), hosts, root, "verify", .. acked.Select(i => i.ToString(CultureInfo.InvariantCulture))],
            TimeSpan.FromSeconds(120));

    private static void Collect(string line, List<int> acked)
    {
        if (line.StartsWith("ACK ", StringComparison.Ordinal))
        {
            acked.Add(int.Parse(line[4..], CultureInfo.InvariantCulture));
        }
    }
}
