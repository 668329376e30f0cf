using System.Net.Sockets;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using Zk.Node.Protocol.Client;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>Running out of file descriptors, maxCnxns, and connections that never say anything.</summary>
public sealed partial class ConnectionLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_more_connections_than_file_descriptors_the_server_survives_without_flooding_its_log_and_serves_again()
    {
        // Long enough that no silent connection is closed for it while the descriptors are short.
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "nio.sessionlessCnxnTimeout=60000");
        int pid = server.Pid ?? throw new InvalidOperationException("zknode is not running");
        int limit = ProcessMemory.OpenFileDescriptors(pid) + 100;
        var prlimit = await ProcessRunner.RunAsync("prlimit", ["--pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={limit}:{limit}"], TimeSpan.FromSeconds(10));
        Assert.True(prlimit.ExitCode == 0, prlimit.ToString());
        long idle = ProcessMemory.ResidentBytes(pid);

        const int Connections = 200;
        var clients = new List<TcpClient>();
        try
        {
            for (int i = 0; i < Connections; i++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await client.ConnectAsync("127.0.0.1", server.ClientPort);
            }

            await Deadline.UntilAsync(() => Task.FromResult(NetWarnings(server.Log) > 0), TimeSpan.FromSeconds(30), "zknode to refuse connections for want of file descriptors");
            int warningsBefore = NetWarnings(server.Log);
            long peak = idle;

            // An observation window, not synchronisation: is the process alive, and how fast do its log and memory grow?
            var window = TimeSpan.FromSeconds(3);
            var until = DateTime.UtcNow + window;
            using var sampling = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (DateTime.UtcNow < until && await sampling.WaitForNextTickAsync())
            {
                Assert.True(server.Pid is not null, $"zknode died:\n{server.Log}");
                peak = Math.Max(peak, ProcessMemory.ResidentBytes(pid));
            }

            int warnings = NetWarnings(server.Log) - warningsBefore;
            output.WriteLine($"{Connections} connections with a limit of {limit} descriptors: {NetWarnings(server.Log)} network warnings logged, {warnings} in the {window.TotalSeconds:0} s after the first; resident memory idle {idle / (1024 * 1024)} MB, peak {peak / (1024 * 1024)} MB");
            await LoggedAsync(server, "too few file descriptors");

            // Such warnings are limited to 10 lines per 10 s; before, a failing accept was retried and logged thousands of times a second.
            Assert.True(warnings <= 12, $"{warnings} network warnings in {window.TotalSeconds:0} s");
            Assert.True(peak - idle < 100L * 1024 * 1024, $"resident memory grew from {idle / (1024 * 1024)} MB to {peak / (1024 * 1024)} MB");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.True(server.Pid is not null, $"zknode died:\n{server.Log}");
        await Deadline.UntilAsync(async () => await FourLetter.AskAsync(server.ClientPort, "ruok", TimeSpan.FromSeconds(2)) == "imok", TimeSpan.FromSeconds(30), "zknode to answer ruok again");
        await using var session = await RawSession.OpenAsync(server.ClientPort);
        var reply = await session.SendAsync(OpCode.Exists, new ExistsRequest("/zookeeper", false));
        Assert.Equal(KeeperErrorCode.Ok, reply[^1].Header.Err);
    }

    [Fact]
    public async Task Connections_beyond_maxCnxns_are_refused_and_accepted_again_once_one_closes()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "maxCnxns=3");
        var sessions = new List<RawSession>();
        try
        {
            // ServerProcess's own readiness probes may still be closing: open until the server holds exactly three.
            for (int i = 0; i < 3; i++)
            {
                sessions.Add(await Deadline.UntilAsync(async () => await RawSession.OpenAsync(server.ClientPort), TimeSpan.FromSeconds(10), "a connection under maxCnxns"));
            }

            using var refused = new TcpClient();
            await refused.ConnectAsync("127.0.0.1", server.ClientPort);
            Assert.True(await ClosedByServerAsync(refused), "a fourth connection was kept with maxCnxns=3");
            await LoggedAsync(server, "max is 3 (maxCnxns)");

            await sessions[0].DisposeAsync();
            sessions.RemoveAt(0);
            await using var again = await Deadline.UntilAsync(async () => await RawSession.OpenAsync(server.ClientPort), TimeSpan.FromSeconds(10), "a connection once one closed");
            var reply = await again.SendAsync(OpCode.Exists, new ExistsRequest("/zookeeper", false));
            Assert.Equal(KeeperErrorCode.Ok, reply[^1].Header.Err);
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Connections_beyond_maxClientCnxns_from_one_address_are_refused_and_other_addresses_still_served()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "maxClientCnxns=2");
        await using var first = await Deadline.UntilAsync(async () => await RawSession.OpenAsync(server.ClientPort), TimeSpan.FromSeconds(10), "a first connection");
        await using var second = await Deadline.UntilAsync(async () => await RawSession.OpenAsync(server.ClientPort), TimeSpan.FromSeconds(10), "a second connection");

        using var refused = new TcpClient();
        await refused.ConnectAsync("127.0.0.1", server.ClientPort);
        Assert.True(await ClosedByServerAsync(refused), "a third connection from 127.0.0.1 was kept with maxClientCnxns=2");
        await LoggedAsync(server, "max is 2 (maxClientCnxns)");

        // Another loopback address is another host to the limit.
        using var elsewhere = new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));
        await elsewhere.ConnectAsync("127.0.0.1", server.ClientPort);
        await elsewhere.GetStream().WriteAsync("ruok"u8.ToArray());
        using var reader = new StreamReader(elsewhere.GetStream());
        Assert.Equal("imok", await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_connection_that_never_sends_a_ConnectRequest_is_closed_after_the_connect_timeout()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "nio.sessionlessCnxnTimeout=500");
        await using var established = await RawSession.OpenAsync(server.ClientPort);
        using var silent = new TcpClient();
        await silent.ConnectAsync("127.0.0.1", server.ClientPort);
        Assert.True(await ClosedByServerAsync(silent), "a connection that sent nothing was still open after 10 s with a 500 ms connect timeout");
        await LoggedAsync(server, "no ConnectRequest within 500 ms");

        // The timeout covers only the handshake: a session opened before is still served after it has passed.
        var reply = await established.SendAsync(OpCode.Exists, new ExistsRequest("/zookeeper", false));
        Assert.Equal(KeeperErrorCode.Ok, reply[^1].Header.Err);
    }

    /// <summary>The server's output reaches us through a pipe, after the socket event it describes.</summary>
    private static Task LoggedAsync(ServerProcess server, string text) =>
        Deadline.UntilAsync(() => Task.FromResult(server.Log.Contains(text, StringComparison.Ordinal)), TimeSpan.FromSeconds(10), $"'{text}' in the log");

    private static int NetWarnings(string log) => NetWarningLine().Matches(log).Count;

    private static async Task<bool> ClosedByServerAsync(TcpClient client)
    {
        byte[] buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await client.GetStream().ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"WARN +\[net\]")]
    private static partial Regex NetWarningLine();
}
