using System.Diagnostics;
using System.Globalization;

namespace Zk.Operator.Runtime;

/// <summary>
/// One zknode process of a local ensemble: the local stand-in for a pod. Its output is appended to
/// zknode.log in its folder; <see cref="TemplateHash"/> is the pod-template hash it was started from.
/// </summary>
internal sealed class LocalMember : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private LocalMember(string pod, int id, LocalPorts ports, string directory, string? templateHash, Process process, StreamWriter log)
    {
        Pod = pod;
        Id = id;
        Ports = ports;
        Directory = directory;
        TemplateHash = templateHash;
        _process = process;
        _log = log;
    }

    public string Pod { get; }

    public int Id { get; }

    public LocalPorts Ports { get; }

    public string Directory { get; }

    public string? TemplateHash { get; }

    public int ProcessId => _process.Id;

    public bool IsRunning => !_process.HasExited;

    /// <summary>Writes myid, zoo.cfg and zoo.cfg.dynamic (fresh on every start, like the pods' init container) and starts zknode.</summary>
    public static LocalMember Start(string binary, string pod, int id, LocalPorts ports, string directory, string zooCfg, string dynamic, string? templateHash)
    {
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"zknode not found at {binary}: build it (make build) or set {LocalRuntimeOptions.BinaryVariable}", binary);
        }

        string data = LocalConfig.DataDirectoryOf(directory);
        System.IO.Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "myid"), id.ToString(CultureInfo.InvariantCulture) + "\n");
        File.WriteAllText(LocalConfig.StaticFileOf(directory), zooCfg);
        File.WriteAllText(LocalConfig.DynamicFileOf(directory), dynamic);

        var log = new StreamWriter(Path.Combine(directory, "zknode.log"), append: true) { AutoFlush = true };
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(LocalConfig.StaticFileOf(directory));
        var process = new Process { StartInfo = info };
        var sync = new Lock();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (sync)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // The member was stopped; late output is dropped.
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LocalMember(pod, id, ports, directory, templateHash, process, log);
    }

    /// <summary>Kills the process (the local equivalent of deleting the pod) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or refusing to die within the deadline: nothing more a runtime can do.
        }
        finally
        {
            _process.Dispose();
            await _log.DisposeAsync();
        }
    }
}
