using System.Diagnostics;
using System.Text;

namespace Zk.Node.Server.Tests.Support;

/// <summary>
/// A standalone server process on a free loopback port with its own data folder, started from a zoo.cfg in
/// Apache ZooKeeper's format (the same file works for both kinds). Kill() is SIGKILL: no shutdown hooks run.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    private ServerProcess(ServerKind kind, string directory, int clientPort, string extraConfig, string? jaas, int? myid)
    {
        if (jaas is not null)
        {
            JaasPath = Path.Combine(directory, "jaas.conf");
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(JaasPath, jaas);
            if (kind == ServerKind.ApacheZooKeeper)
            {
                extraConfig += "\nauthProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider";
            }
        }

        Kind = kind;
        Directory = directory;
        ClientPort = clientPort;
        ConfigPath = Path.Combine(directory, "zoo.cfg");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        if (myid is not null)
        {
            File.WriteAllText(Path.Combine(directory, "data", "myid"), myid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        File.WriteAllText(ConfigPath, $"""
            tickTime=500
            initLimit=10
            syncLimit=5
            dataDir={Path.Combine(directory, "data")}
            clientPort={clientPort}
            clientPortAddress=127.0.0.1
            4lw.commands.whitelist=*
            admin.enableServer=false
            maxClientCnxns=0
            {extraConfig}
            """);
    }

    public ServerKind Kind { get; }

    /// <summary>The server's JAAS file (SASL DIGEST-MD5 users), when it was started with one.</summary>
    public string? JaasPath { get; }

    public string Directory { get; }

    public string ConfigPath { get; }

    public int ClientPort { get; }

    public string Hosts => $"127.0.0.1:{ClientPort}";

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

    /// <summary>Starts a server; <paramref name="myid"/> writes dataDir/myid, for a configuration with server.N lines.</summary>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, string extraConfig = "", string? jaas = null, int? myid = null)
    {
        var server = Prepare(kind, extraConfig, jaas, myid);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Writes the folder and zoo.cfg without starting: for a server expected to refuse to start.</summary>
    public static ServerProcess Prepare(ServerKind kind, string extraConfig = "", string? jaas = null, int? myid = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"zk-test-{kind}-{Guid.NewGuid():N}"[..40]);
        return new ServerProcess(kind, directory, FreePort.Next(), extraConfig, jaas, myid);
    }

    /// <summary>The dataDir written into zoo.cfg (an extraConfig line may name another).</summary>
    public string DataDir => Path.Combine(Directory, "data");


    /// <summary>Starts (or starts again, after Kill) on the same port and data folder and waits until it serves.</summary>
    public async Task RestartAsync()
    {
        var process = StartProcess();
        await Deadline.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Kind} exited with {process.ExitCode}:\n{Log}");
                }

                string srvr = await FourLetter.AskAsync(ClientPort, "srvr", TimeSpan.FromSeconds(2));
                return srvr.Contains("Mode:", StringComparison.Ordinal) || srvr.Contains("not in the whitelist", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            $"{Kind} on port {ClientPort} to serve");
    }

    /// <summary>
    /// Starts a server that is expected to refuse to start and returns its exit code once it has exited and its
    /// output is in <see cref="Log"/>; null when it is still running after <paramref name="limit"/> (it is then killed).
    /// </summary>
    public async Task<int?> StartExpectingExitAsync(TimeSpan limit)
    {
        var process = StartProcess();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return null;
        }
    }

    private Process StartProcess()
    {
        var info = Kind == ServerKind.ZkNode
            ? new ProcessStartInfo(Binaries.ZkNode)
            : new ProcessStartInfo("java");
        if (Kind == ServerKind.ApacheZooKeeper)
        {
            info.ArgumentList.Add("-cp");
            info.ArgumentList.Add(Binaries.ApacheZooKeeperClassPath);
            info.ArgumentList.Add("-Xmx512m");
            info.ArgumentList.Add("-Dzookeeper.admin.enableServer=false");
            if (JaasPath is not null)
            {
                info.ArgumentList.Add("-Djava.security.auth.login.config=" + JaasPath);
            }

            info.ArgumentList.Add("org.apache.zookeeper.server.quorum.QuorumPeerMain");
        }

        info.ArgumentList.Add(ConfigPath);
        if (Kind == ServerKind.ZkNode && JaasPath is not null)
        {
            info.ArgumentList.Add("--jaas");
            info.ArgumentList.Add(JaasPath);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    /// <summary>kill -9, then wait until the process is gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

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
