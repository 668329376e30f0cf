using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Operations;

/// <summary>Four-letter words, the AdminServer, metrics, and what bad input does to one connection and to the rest.</summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private int _adminPort;
    private int _metricsPort;

    public async Task InitializeAsync()
    {
        _adminPort = FreePort.Next();
        _metricsPort = FreePort.Next();
        _server = await ServerProcess.StartAsync(ServerKind.ZkNode, $"""
            admin.enableServer=true
            admin.serverAddress=127.0.0.1
            admin.serverPort={_adminPort}
            metricsProvider.httpPort={_metricsPort}
            """);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("ruok", "imok")]
    [InlineData("srvr", "Mode: standalone")]
    [InlineData("stat", "Clients:")]
    [InlineData("mntr", "zk_server_state\tstandalone")]
    [InlineData("conf", "tickTime=500")]
    [InlineData("envi", "zookeeper.version=3.8")]
    [InlineData("wchs", "Total watches:")]
    [InlineData("dirs", "datadir_size: ")]
    [InlineData("isro", "rw")]
    [InlineData("dump", "SessionTracker dump:")]
    [InlineData("crst", "Connection stats reset.")]
    [InlineData("srst", "Server stats reset.")]
    public async Task Four_letter_words_answer_in_ZooKeepers_format(string word, string expected)
    {
        Assert.Contains(expected, await FourLetter.AskAsync(_server.ClientPort, word), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_outside_the_whitelist_are_refused()
    {
        await using var restricted = await ServerProcess.StartAsync(ServerKind.ZkNode, "4lw.commands.whitelist=ruok");
        Assert.Equal("srvr is not executed because it is not in the whitelist.\n", await FourLetter.AskAsync(restricted.ClientPort, "srvr"));
        Assert.Equal("imok", await FourLetter.AskAsync(restricted.ClientPort, "ruok"));
    }

    [Fact]
    public async Task Monitor_counts_znodes_and_sessions()
    {
        await using var session = await RawSession.OpenAsync(_server.ClientPort);
        string mntr = await FourLetter.AskAsync(_server.ClientPort, "mntr");
        var values = mntr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        Assert.True(int.Parse(values["zk_global_sessions"], System.Globalization.CultureInfo.InvariantCulture) >= 1, mntr);
        Assert.True(int.Parse(values["zk_znode_count"], System.Globalization.CultureInfo.InvariantCulture) >= 4, mntr);
    }

    [Fact]
    public async Task Admin_server_answers_json_commands_and_aliases()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var monitor = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{_adminPort}/commands/monitor"))!;
        Assert.Equal("monitor", (string?)monitor["command"]);
        Assert.Null(monitor["error"]);
        Assert.Equal("standalone", (string?)monitor["server_state"]);
        var alias = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{_adminPort}/commands/wchs"))!;
        Assert.Equal("watch_summary", (string?)alias["command"]);
        var list = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{_adminPort}/commands"))!;
        Assert.Contains("ruok", list["commands"]!.AsArray().Select(n => (string?)n));
        foreach (var name in list["commands"]!.AsArray().Select(n => (string)n!))
        {
            using var answer = await http.GetAsync($"http://127.0.0.1:{_adminPort}/commands/{name}");
            Assert.True(answer.IsSuccessStatusCode, $"{name} answered {(int)answer.StatusCode}");
        }

        var voting = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{_adminPort}/commands/voting_view"))!;
        Assert.Empty(voting["current_config"]!.AsObject());
        var missing = await http.GetAsync($"http://127.0.0.1:{_adminPort}/commands/nosuch");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Prometheus_endpoint_exposes_gauges()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string text = await http.GetStringAsync($"http://127.0.0.1:{_metricsPort}/metrics");
        Assert.Contains("# TYPE znode_count gauge", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^znode_count \d+$", text);
    }

    [Fact]
    public async Task An_oversized_frame_closes_that_connection_and_others_keep_working()
    {
        await using var healthy = await RawSession.OpenAsync(_server.ClientPort);
        using var bad = new TcpClient();
        await bad.ConnectAsync("127.0.0.1", _server.ClientPort);
        byte[] length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, 0x7fff_0000);
        await bad.GetStream().WriteAsync(length);
        Assert.True(await ClosedByServerAsync(bad), "the server kept a connection that announced a 2 GiB frame");

        var reply = await healthy.SendAsync(Protocol.Client.OpCode.Exists, new Protocol.Client.ExistsRequest("/zookeeper", false));
        Assert.Equal(Protocol.Client.KeeperErrorCode.Ok, reply[^1].Header.Err);
    }

    [Fact]
    public async Task A_malformed_record_closes_that_connection_and_others_keep_working()
    {
        await using var healthy = await RawSession.OpenAsync(_server.ClientPort);
        await using var broken = await RawSession.OpenAsync(_server.ClientPort);
        // A create whose path length claims more bytes than the frame holds.
        var frames = await broken.SendRawAsync(Protocol.Client.OpCode.Create, w => w.WriteInt(1000));
        Assert.True(frames[^1].IsClosed, "a truncated create record did not close the connection");

        var reply = await healthy.SendAsync(Protocol.Client.OpCode.GetChildren, new Protocol.Client.GetChildrenRequest("/", false));
        Assert.Equal(Protocol.Client.KeeperErrorCode.Ok, reply[^1].Header.Err);
        string mntr = await FourLetter.AskAsync(_server.ClientPort, "mntr");
        Assert.Matches(@"(?m)^zk_malformed_requests\t[1-9]\d*$", mntr);
    }

    [Fact]
    public async Task Reading_pauses_at_the_outstanding_limit_and_every_pipelined_request_is_still_answered_in_order()
    {
        await using var throttled = await ServerProcess.StartAsync(ServerKind.ZkNode, "globalOutstandingLimit=4");
        await using var session = await RawSession.OpenAsync(throttled.ClientPort);
        var xids = await session.PipelineAsync(3000, Protocol.Client.OpCode.Exists, new Protocol.Client.ExistsRequest("/zookeeper", false));
        Assert.Equal(Enumerable.Range(1, 3000), xids);
    }

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
    }
}
