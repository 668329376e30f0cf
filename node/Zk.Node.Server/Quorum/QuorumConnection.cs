using System.IO.Pipelines;
using System.Net.Sockets;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// One leader-learner socket. Packets are written back to back with no length prefix, as ZooKeeper writes them
/// (<see cref="QuorumPacketStream"/> finds their ends). Only the core thread writes the outbound pipe, which never
/// pauses the writer; a send loop drains it to the socket, so one flush carries everything queued in a batch.
/// </summary>
/// <remarks>
/// <code>
/// stream := packet*      packet := type:int | zxid:long | data:(int len, len bytes) | authinfo:(int n, n x Id)
/// </code>
/// </remarks>
internal sealed class QuorumConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();
    private int _closedFlag;
    private bool _outboundCompleted;
    private long _unflushedBytes;

    private static long s_nextId;

    public QuorumConnection(Socket socket)
    {
        Id = Interlocked.Increment(ref s_nextId);
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
    }

    /// <summary>Unique within the process: events name it so stale ones can be told apart.</summary>
    public long Id { get; }

    public string Remote { get; }

    /// <summary>The id of the server at the other end, once known (a learner's from its first packet).</summary>
    public long Sid { get; set; } = -1;

    public PipeReader Input { get; }

    public bool IsClosed => Volatile.Read(ref _closedFlag) != 0;

    public CancellationToken ClosedToken => _closed.Token;

    public long PacketsSent { get; private set; }

    public Task SendLoop { get; private set; } = Task.CompletedTask;

    public void StartSending() => SendLoop = SendLoopAsync();

    /// <summary>Reads the next packet; null at end of stream.</summary>
    /// <exception cref="JuteException">malformed or oversized packet.</exception>
    public async ValueTask<QuorumPacket?> ReadAsync(int maxPacketBytes, CancellationToken cancel)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancel).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (QuorumPacketStream.TryRead(ref buffer, maxPacketBytes, out var packet))
            {
                Input.AdvanceTo(buffer.Start);
                return packet;
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Core thread only: serialise one packet into the outbound pipe.</summary>
    public void Enqueue(in QuorumPacket packet)
    {
        if (_outboundCompleted || IsClosed)
        {
            return;
        }

        var counting = new CountingWriter(_outbound.Writer);
        packet.Write(new JuteWriter(counting));
        _unflushedBytes += counting.Written;
        PacketsSent++;
    }

    /// <summary>Core thread only: hand what is queued to the send loop. Never blocks.</summary>
    public bool Flush()
    {
        if (_outboundCompleted || _unflushedBytes == 0)
        {
            return false;
        }

        _unflushedBytes = 0;
        _ = _outbound.Writer.FlushAsync();
        return true;
    }

    /// <summary>Core thread only: send what is queued, then close.</summary>
    public void CloseAfterSending()
    {
        if (_outboundCompleted)
        {
            return;
        }

        Flush();
        _outboundCompleted = true;
        _outbound.Writer.Complete();
    }

    /// <summary>Any thread: close now, dropping what is queued.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closedFlag, 1) != 0)
        {
            return;
        }

        _closed.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _stream.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await _stream.WriteAsync(segment, _closed.Token).ConfigureAwait(false);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            Close();
        }
    }

    private sealed class CountingWriter(PipeWriter inner) : System.Buffers.IBufferWriter<byte>
    {
        public long Written { get; private set; }

        public void Advance(int count)
        {
            inner.Advance(count);
            Written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
    }
}
