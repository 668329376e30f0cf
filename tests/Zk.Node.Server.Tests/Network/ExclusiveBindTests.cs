using System.Net;
using System.Net.Sockets;
using Zk.Node.Protocol.Client;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>One port, one server: a second zknode on a port in use stops with a message naming it.</summary>
public sealed class ExclusiveBindTests
{
    [Fact]
    public async Task A_second_zknode_on_the_same_client_port_fails_to_start_and_names_the_port()
    {
        await using var first = await ServerProcess.StartAsync(ServerKind.ZkNode);
        string directory = Path.Combine(Path.GetTempPath(), $"zk-test-second-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        try
        {
            string config = Path.Combine(directory, "zoo.cfg");
            await File.WriteAllTextAsync(config, $"""
                tickTime=500
                dataDir={Path.Combine(directory, "data")}
                clientPort={first.ClientPort}
                clientPortAddress=127.0.0.1
                admin.enableServer=false
                """);
            var second = await ProcessRunner.RunAsync(Binaries.ZkNode, [config], TimeSpan.FromSeconds(30));
            Assert.True(second.ExitCode > 0, $"the second zknode did not fail: {second}");
            Assert.Contains($"127.0.0.1:{first.ClientPort} is already in use", second.Output, StringComparison.Ordinal);
            Assert.Contains($"port {first.ClientPort}", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Assert.Equal("imok", await FourLetter.AskAsync(first.ClientPort, "ruok"));
    }

    [Fact]
    public async Task A_second_zknode_on_a_taken_admin_port_serves_clients_and_logs_the_port_it_could_not_bind()
    {
        int adminPort = FreePort.Next();
        string admin = $"admin.enableServer=true\nadmin.serverAddress=127.0.0.1\nadmin.serverPort={adminPort}";
        await using var first = await ServerProcess.StartAsync(ServerKind.ZkNode, admin);
        await using var second = await ServerProcess.StartAsync(ServerKind.ZkNode, admin);

        Assert.Equal("imok", await FourLetter.AskAsync(second.ClientPort, "ruok"));
        await Deadline.UntilAsync(
            () => Task.FromResult(second.Log.Contains($"AdminServer on 127.0.0.1:{adminPort} not started", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the second server to report the admin port in use");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("\"command\"", await http.GetStringAsync($"http://127.0.0.1:{adminPort}/commands/ruok"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_zknode_binds_its_port_while_old_connections_are_in_TIME_WAIT()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        var session = await RawSession.OpenAsync(server.ClientPort);
        server.Kill();

        // The killed server closed first, so its side of this connection now waits in TIME_WAIT on the client port.
        await session.DisposeAsync();
        await server.RestartAsync();
        await using var again = await RawSession.OpenAsync(server.ClientPort);
        var reply = await again.SendAsync(OpCode.Exists, new ExistsRequest("/zookeeper", false));
        Assert.Equal(KeeperErrorCode.Ok, reply[^1].Header.Err);
    }

    [Fact]
    public void Listen_sockets_bound_exclusively_refuse_a_second_bind_of_the_same_port()
    {
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Server.Network.ListenSocket.BindExclusive(first, new IPEndPoint(IPAddress.Loopback, 0));
        first.Listen(1);
        int port = ((IPEndPoint)first.LocalEndPoint!).Port;
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = Assert.Throws<SocketException>(() => Server.Network.ListenSocket.BindExclusive(second, new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }
}
