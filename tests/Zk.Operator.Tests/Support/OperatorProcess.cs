using System.Collections.Concurrent;
using System.Diagnostics;

namespace Zk.Operator.Tests.Support;

/// <summary>
/// The published zk-operator as a child process with exactly the given arguments and environment (nothing is
/// inherited from the test), its stdout and stderr collected line by line.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private OperatorProcess(Process process) => _process = process;

    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    public bool HasExited => _process.HasExited;

    /// <summary>Why the process is gone, for a failing wait: its exit code and what it wrote.</summary>
    public string Describe() =>
        $"exited: {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no")}\n"
        + $"stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}";

    public static OperatorProcess Start(string binary, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new OperatorProcess(process);
        process.OutputDataReceived += (_, e) => Collect(started._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(started._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
