using System.Diagnostics;

namespace Zk.Operator.Cluster.Tests.Sandbox;

/// <summary>Runs a short command (ip, kill) to completion and fails with its output when it fails.</summary>
internal static class Command
{
    public static async Task RunAsync(string file, params string[] args)
    {
        var (code, output) = await TryAsync(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` exited {code}: {output.Trim()}");
        }
    }

    public static async Task<(int Code, string Output)> TryAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
