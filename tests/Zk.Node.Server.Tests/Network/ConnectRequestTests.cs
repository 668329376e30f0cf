using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>
/// The handshake frame against Apache ZooKeeper 3.8: its processConnectRequest reads the fields it knows (and the
/// optional readOnly byte) and never checks that the frame ends there, so a ConnectRequest with bytes after it connects.
/// </summary>
public sealed class ConnectRequestTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public async Task A_ConnectRequest_with_extra_bytes_in_its_frame_connects_as_on_Apache_ZooKeeper(int extraBytes)
    {
        string zooKeeper = await HandshakeAsync(ServerKind.ApacheZooKeeper, extraBytes);
        string zknode = await HandshakeAsync(ServerKind.ZkNode, extraBytes);
        Assert.Equal("session established, exists /zookeeper: Ok", zooKeeper);
        Assert.Equal(zooKeeper, zknode);
    }

    private static async Task<string> HandshakeAsync(ServerKind kind, int extraBytes)
    {
        await using var server = await ServerProcess.StartAsync(kind);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", server.ClientPort);
        var stream = tcp.GetStream();

        var payload = new ArrayBufferWriter<byte>();
        new ConnectRequest(0, 0, 10_000, 0, new byte[16], false).Write(new JuteWriter(payload));
        payload.Write(Enumerable.Repeat((byte)0x5a, extraBytes).ToArray());
        byte[] frame = new byte[4 + payload.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.WrittenCount);
        payload.WrittenSpan.CopyTo(frame.AsSpan(4));
        await stream.WriteAsync(frame);
        if (await ReadFrameAsync(stream) is not { } connected)
        {
            return "closed during the handshake";
        }

        var reader = new JuteReader(connected);
        var response = ConnectResponse.Read(ref reader, out _);
        if (response.SessionId == 0)
        {
            return "refused (session id 0)";
        }

        var request = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(request, new RequestHeader(1, OpCode.Exists), new ExistsRequest("/zookeeper", false));
        await stream.WriteAsync(request.WrittenMemory);
        if (await ReadFrameAsync(stream) is not { } reply)
        {
            return "session established, then closed";
        }

        var replyReader = new JuteReader(reply);
        return $"session established, exists /zookeeper: {ReplyHeader.Read(ref replyReader).Err}";
    }

    private static async Task<byte[]?> ReadFrameAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            byte[] length = new byte[4];
            await stream.ReadExactlyAsync(length, timeout.Token);
            byte[] payload = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
            await stream.ReadExactlyAsync(payload, timeout.Token);
            return payload;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return null;
        }
    }
}
