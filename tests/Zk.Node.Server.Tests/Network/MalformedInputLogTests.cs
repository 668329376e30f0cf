using Zk.Node.Protocol.Client;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>Input that closes a connection leaves a line in the log naming the peer.</summary>
public sealed class MalformedInputLogTests
{
    [Fact]
    public async Task A_malformed_record_inside_a_frame_is_logged_with_the_peer_address()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        await using var broken = await RawSession.OpenAsync(server.ClientPort);

        // A create whose path length claims more bytes than the frame holds.
        var frames = await broken.SendRawAsync(OpCode.Create, w => w.WriteInt(1000));
        Assert.True(frames[^1].IsClosed, "a truncated create record did not close the connection");
        await Deadline.UntilAsync(
            () => Task.FromResult(server.Log.Contains("malformed request", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the malformed request in the log");
        Assert.Matches(@"WARN .*closing 127\.0\.0\.1:\d+ \(.*\): malformed request: ", server.Log);
    }

    [Fact]
    public async Task A_flood_of_malformed_connections_is_logged_at_a_bounded_rate()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        for (int i = 0; i < 60; i++)
        {
            await using var broken = await RawSession.OpenAsync(server.ClientPort);
            var frames = await broken.SendRawAsync(OpCode.Create, w => w.WriteInt(1000));
            Assert.True(frames[^1].IsClosed, "a truncated create record did not close the connection");
        }

        // The close is logged on the core thread after the reply: wait for the first line, then count.
        await Deadline.UntilAsync(
            () => Task.FromResult(server.Log.Contains("malformed request", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the malformed requests in the log");
        int lines = server.Log.Split('\n').Count(l => l.Contains("malformed request", StringComparison.Ordinal));
        Assert.InRange(lines, 1, 20);
    }
}
