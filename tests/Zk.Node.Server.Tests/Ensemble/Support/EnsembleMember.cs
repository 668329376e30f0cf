using System.Diagnostics;
using System.Text;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Ensemble.Support;

/// <summary>One zknode process of an <see cref="EnsembleProcess"/>: its ports, data folder and log. Kill() is SIGKILL.</summary>
public sealed class EnsembleMember
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    internal EnsembleMember(long id, bool isObserver, string directory, int clientPort, int quorumPort, int electionPort)
    {
        Id = id;
        IsObserver = isObserver;
        Directory = directory;
        ClientPort = clientPort;
        QuorumPort = quorumPort;
        ElectionPort = electionPort;
    }

    public long Id { get; }

    public bool IsObserver { get; }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "zoo.cfg");

    public int ClientPort { get; }

    public int QuorumPort { get; }

    public int ElectionPort { get; }

    public string Hosts => $"127.0.0.1:{ClientPort}";

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public string ServerLine => $"server.{Id}=127.0.0.1:{QuorumPort}:{ElectionPort}:{(IsObserver ? "observer" : "participant")};127.0.0.1:{ClientPort}";

    /// <summary>Starts the process (again, after Kill, on the same ports and data); does not wait for it to serve.</summary>
    public void Start()
    {
        var info = new ProcessStartInfo(Binaries.ZkNode)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ConfigPath);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        Append($"---- start member {Id}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>kill -9, then wait until the process is gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the process freezes with its sockets open, so peers see silence rather than a closed connection.</summary>
    public async Task PauseAsync()
    {
        var result = await ProcessRunner.RunAsync("/bin/kill", ["-STOP", Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>SIGCONT: a paused process runs again, finding its peers moved on.</summary>
    public async Task ResumeAsync()
    {
        var result = await ProcessRunner.RunAsync("/bin/kill", ["-CONT", Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>What srvr says, or null when the member does not answer.</summary>
    public async Task<string?> SrvrAsync()
    {
        try
        {
            return await FourLetter.AskAsync(ClientPort, "srvr", TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>"leader", "follower", "observer", or null while not serving.</summary>
    public async Task<string?> ModeAsync()
    {
        string? srvr = await SrvrAsync();
        var line = srvr?.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal));
        return line?["Mode: ".Length..].Trim();
    }

    /// <summary>mntr as key/value pairs (empty when not serving).</summary>
    public async Task<Dictionary<string, string>> MntrAsync()
    {
        string text = await FourLetter.AskAsync(ClientPort, "mntr", TimeSpan.FromSeconds(2));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
    }

    public override string ToString() => $"member {Id}{(IsObserver ? " (observer)" : "")} on {ClientPort}";

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
