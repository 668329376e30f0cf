using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Server.Tests.Differential;

/// <summary>
/// A bare ZooKeeper session over a socket: sends hand-encoded requests one at a time and returns every frame
/// that arrived up to and including the reply (watch notifications first, in arrival order).
/// </summary>
internal sealed class RawSession : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private int _xid;

    private RawSession(TcpClient tcp, ConnectResponse response)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        Connect = response;
    }

    public ConnectResponse Connect { get; }

    /// <summary>A new session, or with <paramref name="sessionId"/> a re-attach (refused: the reply's SessionId is 0).</summary>
    public static async Task<RawSession> OpenAsync(int port, int timeoutMs = 10_000, long sessionId = 0, byte[]? password = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        var request = new ConnectRequest(0, 0, timeoutMs, sessionId, password ?? new byte[16], false);
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(buffer, request);
        await tcp.GetStream().WriteAsync(buffer.WrittenMemory);
        byte[] payload = await ReadFrameAsync(tcp.GetStream()) ?? throw new IOException("connection closed during the handshake");
        var reader = new JuteReader(payload);
        return new RawSession(tcp, ConnectResponse.Read(ref reader, out _));
    }

    /// <summary>Sends one request and collects frames until its reply (or the server closes the connection).</summary>
    public Task<List<Frame>> SendAsync<T>(OpCode op, T record) where T : IJuteRecord<T> =>
        SendRawAsync(op, w => record.Write(w));

    public Task<List<Frame>> SendEmptyAsync(OpCode op, int? xid = null) => SendRawAsync(op, _ => { }, xid);

    public async Task<List<Frame>> SendRawAsync(OpCode op, WriteBody body, int? xid = null)
    {
        int id = xid ?? ++_xid;
        var buffer = new ArrayBufferWriter<byte>();
        var frame = new FrameWriter();
        var writer = frame.Begin(buffer);
        new RequestHeader(id, op).Write(writer);
        body(writer);
        frame.End();
        var frames = new List<Frame>();
        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory);
        }
        catch (IOException)
        {
            // The server already closed this connection: that is part of the transcript, not a test error.
            frames.Add(Frame.Closed);
            return frames;
        }

        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            byte[]? payload = await ReadFrameAsync(_stream).WaitAsync(timeout.Token);
            if (payload is null)
            {
                frames.Add(Frame.Closed);
                return frames;
            }

            var reader = new JuteReader(payload);
            var header = ReplyHeader.Read(ref reader);
            var f = new Frame(header, payload[ReplyHeader.WireSize..]);
            frames.Add(f);
            if (header.Xid == id)
            {
                return frames;
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> requests without waiting, then reads every reply; returns the reply xids in arrival order.</summary>
    public async Task<List<int>> PipelineAsync<T>(int count, OpCode op, T record) where T : IJuteRecord<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        for (int i = 0; i < count; i++)
        {
            FrameWriter.WriteFrame(buffer, new RequestHeader(++_xid, op), record);
        }

        var sending = _stream.WriteAsync(buffer.WrittenMemory).AsTask();
        var xids = new List<int>(count);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (xids.Count < count)
        {
            byte[] payload = await ReadFrameAsync(_stream).WaitAsync(timeout.Token) ?? throw new IOException($"closed after {xids.Count} replies");
            var reader = new JuteReader(payload);
            var header = ReplyHeader.Read(ref reader);
            Assert.Equal(KeeperErrorCode.Ok, header.Err);
            xids.Add(header.Xid);
        }

        await sending;
        return xids;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static async Task<byte[]?> ReadFrameAsync(NetworkStream stream)
    {
        byte[] length = new byte[4];
        if (!await ReadExactlyAsync(stream, length))
        {
            return null;
        }

        byte[] payload = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        return await ReadExactlyAsync(stream, payload) ? payload : null;
    }

    private static async Task<bool> ReadExactlyAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

internal delegate void WriteBody(JuteWriter writer);

internal sealed record Frame(ReplyHeader Header, byte[] Body)
{
    public static readonly Frame Closed = new(new ReplyHeader(int.MinValue, 0, 0), []);

    public bool IsClosed => Header.Xid == int.MinValue;
}
