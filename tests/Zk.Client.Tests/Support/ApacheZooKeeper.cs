using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Zk.Client.Tests.Support;

/// <summary>
/// A standalone Apache ZooKeeper 3.8 (the Debian package) on a free loopback port with its own temporary data
/// directory. Started with the jar's manifest class path plus an slf4j binding, logging into the data directory.
/// Ready once <c>srvr</c> reports a mode; stopped and deleted on dispose.
/// </summary>
public sealed class ApacheZooKeeper : IAsyncDisposable
{
    public const string ZooKeeperJar = "/usr/share/java/zookeeper.jar";
    private const string Slf4jBinding = "/usr/share/java/slf4j-simple.jar";

    private readonly Process _process;

    private ApacheZooKeeper(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string ConnectString => $"{Host}:{Port}";

    public string Directory { get; }

    public int ProcessId => _process.Id;

    public static bool IsInstalled => File.Exists(ZooKeeperJar);

    public static async Task<ApacheZooKeeper> StartAsync(int tickTimeMs = 2000, TimeSpan? readyTimeout = null, CancellationToken cancellationToken = default)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"zk-apache-{Environment.ProcessId}-{Interlocked.Increment(ref s_instances)}");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        int port = FreeTcpPort();
        string config = Path.Combine(directory, "zoo.cfg");
        await File.WriteAllTextAsync(config, $"""
            tickTime={tickTimeMs}
            dataDir={Path.Combine(directory, "data")}
            clientPort={port}
            clientPortAddress=127.0.0.1
            maxClientCnxns=0
            admin.enableServer=false
            4lw.commands.whitelist=*
            """, cancellationToken);

        var start = new ProcessStartInfo("/bin/sh")
        {
            // exec keeps the pid: it is the JVM's, so Kill and /proc/<pid>/stat see the server itself.
            ArgumentList =
            {
                "-c",
                $"exec java -Xshare:auto -cp '{ZooKeeperJar}:{Slf4jBinding}' -Dzookeeper.4lw.commands.whitelist='*' " +
                $"org.apache.zookeeper.server.quorum.QuorumPeerMain '{config}' > '{Path.Combine(directory, "zookeeper.log")}' 2>&1",
            },
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start java");
        var server = new ApacheZooKeeper(process, directory, port);
        try
        {
            await server.WaitUntilServingAsync(readyTimeout ?? TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed; the temp folder is cleaned eventually.
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ZooKeeper exited with {_process.ExitCode}; see {Directory}/zookeeper.log");
            }

            try
            {
                string srvr = await FourLetterWord.SendAsync(Host, Port, "srvr", TimeSpan.FromSeconds(2), cancellationToken);
                if (srvr.Contains("Mode: ", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"ZooKeeper on port {Port} not serving after {timeout}; see {Directory}/zookeeper.log");
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

    private static int s_instances;
}
