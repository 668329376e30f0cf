using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Config;

/// <summary>zoo.cfg keys that used to be accepted and ignored, checked on a running zknode.</summary>
public sealed class ConfigKeyProcessTests
{
    [Fact]
    public async Task Metrics_listen_only_on_metricsProvider_httpHost()
    {
        int port = FreePort.Next();
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, $"metricsProvider.httpPort={port}\nmetricsProvider.httpHost=127.0.0.2");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        string text = await http.GetStringAsync($"http://127.0.0.2:{port}/metrics");

        Assert.Contains("znode_count", text, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{port}/metrics"));
    }

    [Fact]
    public async Task MaxWatchesPerConnection_refuses_the_watch_past_it_with_throttled()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "maxWatchesPerConnection=1");
        await using var session = await Differential.RawSession.OpenAsync(server.ClientPort);

        var first = await session.SendAsync(Protocol.Client.OpCode.Exists, new Protocol.Client.ExistsRequest("/a", true));
        var second = await session.SendAsync(Protocol.Client.OpCode.Exists, new Protocol.Client.ExistsRequest("/b", true));

        Assert.Equal(Protocol.Client.KeeperErrorCode.NoNode, first[^1].Header.Err);
        Assert.Equal(Protocol.Client.KeeperErrorCode.Throttled, second[^1].Header.Err);
    }

    [Fact]
    public async Task A_secure_client_port_stops_startup_with_a_message_naming_the_key()
    {
        string directory = Directory.CreateTempSubdirectory("zk-secure-port-").FullName;
        try
        {
            string config = Path.Combine(directory, "zoo.cfg");
            await File.WriteAllTextAsync(config, $"dataDir={directory}\nclientPort={FreePort.Next()}\nsecureClientPort={FreePort.Next()}\n");

            var result = await ProcessRunner.RunAsync(Binaries.ZkNode, [config], TimeSpan.FromSeconds(30));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("invalid configuration 'secureClientPort'", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
