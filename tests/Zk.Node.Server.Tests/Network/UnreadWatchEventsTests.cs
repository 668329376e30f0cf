using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Framing;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>
/// Pausing reads bounds what a client's own requests queue for it, but not the watch events other clients' writes
/// queue: a persistent watch fires on every change without being armed again.
/// </summary>
public sealed class UnreadWatchEventsTests
{
    [Fact]
    public async Task A_client_that_stops_reading_its_watch_events_is_disconnected_once_they_pile_up()
    {
        // A small output bound keeps the test short: the watcher is dropped past 8 x 16 KB + one frame of unread events.
        // Sessions may outlive the test, so that it is not the watcher's session expiring that closes it.
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode, "clientMaxQueuedOutputBytes=16384\njute.maxbuffer=4096\nforceSync=no\nmaxSessionTimeout=120000");
        string path = "/" + new string('w', 1000);
        await using var writer = await RawSession.OpenAsync(server.ClientPort);
        var created = await writer.SendAsync(OpCode.Create, new CreateRequest(path, [0], Acl.OpenAclUnsafe, 0));
        Assert.Equal(KeeperErrorCode.Ok, created[^1].Header.Err);

        // A small receive buffer, so that the kernel holds little of what the watcher does not read.
        using var watcher = new TcpClient { ReceiveBufferSize = 4096, NoDelay = true };
        await watcher.ConnectAsync("127.0.0.1", server.ClientPort);
        var stream = watcher.GetStream();
        var handshake = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(handshake, new ConnectRequest(0, 0, 120_000, 0, new byte[16], false));
        FrameWriter.WriteFrame(handshake, new RequestHeader(1, OpCode.AddWatch), new AddWatchRequest("/", (int)AddWatchMode.PersistentRecursive));
        await stream.WriteAsync(handshake.WrittenMemory);
        Assert.NotNull(await ReadFrameAsync(stream));
        Assert.NotNull(await ReadFrameAsync(stream));

        // Each change is an event of about 1 KB for the watcher, which reads none of them from here on.
        var xids = await writer.PipelineAsync(12_000, OpCode.SetData, new SetDataRequest(path, [1], -1));
        Assert.Equal(12_000, xids.Count);

        Assert.True(await ClosedAfterDrainingAsync(stream), "a watcher with megabytes of unread events was still connected");
        await Deadline.UntilAsync(
            () => Task.FromResult(server.Log.Contains("bytes of watch events unread", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the dropped watcher in the log");

        // The writer, and the server, are unaffected.
        var reply = await writer.SendAsync(OpCode.Exists, new ExistsRequest(path, false));
        Assert.Equal(KeeperErrorCode.Ok, reply[^1].Header.Err);
    }

    /// <summary>Reads what the kernel still holds for the socket; true when the server has closed it.</summary>
    private static async Task<bool> ClosedAfterDrainingAsync(NetworkStream stream)
    {
        byte[] buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
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

    private static async Task<byte[]?> ReadFrameAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        byte[] length = new byte[4];
        await stream.ReadExactlyAsync(length, timeout.Token);
        byte[] payload = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        return payload;
    }
}
