using System.Diagnostics;
using System.Net.Sockets;

namespace Zk.Client.Tests.Support;

/// <summary>
/// A standalone zknode (the published binary: ZKNODE_BIN, else out/zknode/zknode of the repository) on a free loopback
/// port with tickTime 500 ms, shared by one test class; each test works under its own root path.
/// </summary>
public sealed class ZkNodeFixture : IAsyncLifetime, IZooKeeperServer
{
    private const string Missing = "zknode is not built: run `dotnet publish node/Zk.Node.Server -c Release -o out/zknode` or set ZKNODE_BIN";
    private Process? _process;
    private string _directory = "";
    private int _roots;

    public string ConnectString => $"127.0.0.1:{Port}";

    public int Port { get; private set; }

    public static string Binary =>
        Environment.GetEnvironmentVariable("ZKNODE_BIN") is { Length: > 0 } fromEnv ? fromEnv : Path.Combine(Repository.Root, "out", "zknode", "zknode");

    public string UniqueRoot(string name) => $"/{name}-{Environment.ProcessId}-{Interlocked.Increment(ref _roots)}";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(Missing);
        }

        _directory = Path.Combine(Path.GetTempPath(), $"zknode-client-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        Port = FreePort.Next();
        string config = Path.Combine(_directory, "zoo.cfg");
        await File.WriteAllTextAsync(config, $"""
            tickTime=500
            dataDir={Path.Combine(_directory, "data")}
            clientPort={Port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            """);
        var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(config);
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + Binary);
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(IsServingAsync, $"zknode on port {Port} to serve", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed; the temp folder is cleaned eventually.
        }
    }

    private async Task<bool> IsServingAsync()
    {
        if (_process!.HasExited)
        {
            throw new InvalidOperationException($"zknode exited with {_process.ExitCode}");
        }

        try
        {
            return (await FourLetterWord.SendAsync("127.0.0.1", Port, "srvr", TimeSpan.FromSeconds(2))).Contains("Mode: ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
