using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Zk.Client;

namespace Zk.Bench;

/// <summary>
/// One server process (Apache ZooKeeper 3.8 from the Debian package, or zknode) with its own zoo.cfg, data
/// directory and log under <see cref="Directory"/>. The same launcher as the client tests' ApacheZooKeeper helper:
/// the JVM runs with the jar's manifest class path plus an slf4j binding; readiness is <c>srvr</c> reporting a mode.
/// For an ensemble every member gets the same <c>server.N</c> lines and its own myid.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ZooKeeperJar = "/usr/share/java/zookeeper.jar";
    private const string Slf4jBinding = "/usr/share/java/slf4j-simple.jar";

    private readonly string _command;
    private Process _process;

    private ServerProcess(Process process, string command, string directory, int clientPort)
    {
        _process = process;
        _command = command;
        Directory = directory;
        ClientPort = clientPort;
    }

    public string Directory { get; }

    public int ClientPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LogPath => Path.Combine(Directory, "server.log");

    /// <summary>Starts <paramref name="members"/> servers on free loopback ports and waits until each serves.</summary>
    public static async Task<IReadOnlyList<ServerProcess>> StartEnsembleAsync(
        ServerKind kind, string? zknodeBinary, int members, string baseDirectory, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var ports = Enumerable.Range(0, members).Select(_ => (Client: FreeTcpPort(), Quorum: FreeTcpPort(), Election: FreeTcpPort())).ToArray();
        var servers = new List<ServerProcess>();
        try
        {
            for (int i = 0; i < members; i++)
            {
                string directory = Path.Combine(baseDirectory, $"{kind.ToString().ToLowerInvariant()}-{i + 1}");
                if (System.IO.Directory.Exists(directory))
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }

                System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
                var config = new List<string>
                {
                    "tickTime=2000",
                    "initLimit=10",
                    "syncLimit=5",
                    $"dataDir={Path.Combine(directory, "data")}",
                    "maxClientCnxns=0",
                    "admin.enableServer=false",
                    "4lw.commands.whitelist=*",
                };
                if (members == 1)
                {
                    config.Add($"clientPort={ports[i].Client}");
                    config.Add("clientPortAddress=127.0.0.1");
                }
                else
                {
                    // The client address lives only in the server lines: ZooKeeper refuses a static clientPort
                    // that differs from the dynamic one.
                    config.Add("standaloneEnabled=false");
                    config.Add("reconfigEnabled=true");
                    for (int m = 0; m < members; m++)
                    {
                        config.Add($"server.{m + 1}=127.0.0.1:{ports[m].Quorum}:{ports[m].Election};127.0.0.1:{ports[m].Client}");
                    }

                    await File.WriteAllTextAsync(Path.Combine(directory, "data", "myid"), $"{i + 1}\n", cancellationToken);
                }

                string configPath = Path.Combine(directory, "zoo.cfg");
                await File.WriteAllLinesAsync(configPath, config, cancellationToken);
                servers.Add(Start(kind, zknodeBinary, directory, configPath, ports[i].Client));
            }

            await Task.WhenAll(servers.Select(s => s.WaitUntilServingAsync(readyTimeout, cancellationToken)));
            return servers;
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>SIGKILL (no shutdown hook, no final fsync: a crash), then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // exec in the launcher made the server itself this pid, so this is kill -9 of the server.
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the member again on its config and data (after <see cref="KillAsync"/>); the log is appended to.</summary>
    public async Task RestartAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        await KillAsync();
        _process.Dispose();
        _process = Launch(_command, Directory, append: true);
        await WaitUntilServingAsync(readyTimeout, cancellationToken);
    }

    /// <summary>The <c>Mode:</c> line of <c>srvr</c> (leader, follower, standalone), or null when the member does not answer.</summary>
    public async Task<string?> ModeAsync(CancellationToken cancellationToken)
    {
        try
        {
            string srvr = await FourLetterWord.SendAsync("127.0.0.1", ClientPort, "srvr", TimeSpan.FromSeconds(2), cancellationToken);
            return FourLetterWord.ParseSrvr(srvr).GetValueOrDefault("Mode")?.Trim();
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        _process.Dispose();
        try
        {
            // Keep zoo.cfg and the log next to the results; the data (snapshots, txn logs) is only bulk.
            System.IO.Directory.Delete(Path.Combine(Directory, "data"), recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The last lines of the server's log, for error messages.</summary>
    public string LogTail(int lines = 15)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static ServerProcess Start(ServerKind kind, string? zknodeBinary, string directory, string configPath, int clientPort)
    {
        string command = kind switch
        {
            ServerKind.ZooKeeper =>
                $"exec java -Xshare:auto -cp '{ZooKeeperJar}:{Slf4jBinding}' -Dzookeeper.4lw.commands.whitelist='*' " +
                $"org.apache.zookeeper.server.quorum.QuorumPeerMain '{configPath}'",
            ServerKind.ZkNode => $"exec '{zknodeBinary ?? throw new ArgumentNullException(nameof(zknodeBinary))}' '{configPath}'",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        return new ServerProcess(Launch(command, directory, append: false), command, directory, clientPort);
    }

    private static Process Launch(string command, string directory, bool append)
    {
        // exec keeps the pid: Kill and /proc/<pid>/stat then see the server itself, not a shell.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{command} {(append ? ">>" : ">")} '{Path.Combine(directory, "server.log")}' 2>&1");
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"server exited with code {_process.ExitCode}; log {LogPath}:\n{LogTail()}");
            }

            try
            {
                string srvr = await FourLetterWord.SendAsync("127.0.0.1", ClientPort, "srvr", TimeSpan.FromSeconds(2), cancellationToken);
                if (srvr.Contains("Mode: ", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"server on port {ClientPort} not serving after {timeout}; log {LogPath}:\n{LogTail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
