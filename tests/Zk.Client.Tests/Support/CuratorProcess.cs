using System.Diagnostics;

namespace Zk.Client.Tests.Support;

/// <summary>
/// A Java program from tests/Zk.Client.Tests/Recipes/Java run against Apache Curator 5.4 from Debian
/// (libcurator-*-java): compiled once per test run with javac into a temporary folder, started with its stdin and
/// stdout connected to the test, which drives it line by line.
/// </summary>
public sealed class CuratorProcess : IAsyncDisposable
{
    private const string JavaLibraries = "/usr/share/java";
    private static readonly string[] CompileJars = ["curator-recipes.jar", "curator-framework.jar", "curator-client.jar", "zookeeper.jar"];
    private static readonly Lazy<Task<string>> s_classes = new(CompileAsync);
    private readonly Process _process;
    private bool _disposed;

    private CuratorProcess(Process process) => _process = process;

    public static async Task<CuratorProcess> StartAsync(string mainClass, params string[] arguments)
    {
        string classes = await s_classes.Value;
        var info = new ProcessStartInfo("java") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false };
        info.ArgumentList.Add("-cp");
        // The whole folder: Curator's runtime dependencies (guava, jackson, slf4j, zookeeper-jute) as Debian installs them.
        info.ArgumentList.Add($"{classes}:{JavaLibraries}/*");
        info.ArgumentList.Add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        info.ArgumentList.Add(mainClass);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new CuratorProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start java"));
    }

    /// <summary>Starts reading the next line the program prints (null at its end).</summary>
    public Task<string?> NextLineAsync() => _process.StandardOutput.ReadLineAsync();

    /// <summary>Reads lines until <paramref name="expected"/>, failing at the deadline or when the program ends first.</summary>
    public async Task ExpectLineAsync(string expected, TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            string? line = await _process.StandardOutput.ReadLineAsync(deadline.Token);
            if (line is null)
            {
                await _process.WaitForExitAsync(deadline.Token);
                Assert.Fail($"the Curator program ended with {_process.ExitCode} before printing {expected}");
            }

            if (line == expected)
            {
                return;
            }
        }
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Whether the program has ended (or was stopped by <see cref="DisposeAsync"/>).</summary>
    public bool HasExited => Volatile.Read(ref _disposed) || _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        Volatile.Write(ref _disposed, true);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task<string> CompileAsync()
    {
        string sources = Path.Combine(Repository.Root, "tests", "Zk.Client.Tests", "Recipes", "Java");
        string output = Path.Combine(Path.GetTempPath(), $"zk-curator-classes-{Environment.ProcessId}");
        Directory.CreateDirectory(output);
        var info = new ProcessStartInfo("javac") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-cp");
        info.ArgumentList.Add(string.Join(':', CompileJars.Select(jar => Path.Combine(JavaLibraries, jar))));
        info.ArgumentList.Add("-d");
        info.ArgumentList.Add(output);
        foreach (string file in Directory.GetFiles(sources, "*.java"))
        {
            info.ArgumentList.Add(file);
        }

        using var javac = Process.Start(info) ?? throw new InvalidOperationException("javac not found: install default-jdk-headless");
        var errors = javac.StandardError.ReadToEndAsync();
        var messages = javac.StandardOutput.ReadToEndAsync();
        await javac.WaitForExitAsync();
        if (javac.ExitCode != 0)
        {
            throw new InvalidOperationException($"javac failed (are libcurator-recipes-java and friends installed?): {await errors}{await messages}");
        }

        return output;
    }
}
