using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Ensemble.Support;

/// <summary>Runs python3-kazoo snippets and the shared interop scripts against an ensemble.</summary>
internal static class Kazoo
{
    /// <summary>
    /// Runs <paramref name="body"/> with <c>zk</c> connected to <paramref name="hosts"/>; its stdout is returned.
    /// <paramref name="readOnly"/> makes <c>zk</c> a client that accepts read-only servers (canBeReadOnly).
    /// </summary>
    public static async Task<string> RunAsync(string hosts, string body, TimeSpan? timeout = null, bool readOnly = false)
    {
        string script = $"""
            import sys, time
            from kazoo.client import KazooClient
            from kazoo.exceptions import *
            zk = KazooClient(hosts="{hosts}", timeout=10, read_only={(readOnly ? "True" : "False")})
            zk.start(timeout=20)
            {body}
            zk.stop()
            """;
        string path = Path.Combine(Path.GetTempPath(), $"kazoo-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        try
        {
            var result = await ProcessRunner.RunAsync(Binaries.Python, [path], timeout ?? TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"kazoo snippet failed: {result}\n{EnsembleProcess.Serving(hosts)?.LogTails()}");
            return result.Output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static Task<ProcessResult> ScenarioAsync(string hosts, string scenario) =>
        ProcessRunner.RunAsync(Binaries.Python, [Binaries.Script("kazoo_scenarios.py"), hosts, scenario], TimeSpan.FromSeconds(90));
}
