using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;
using Zk.Node.Server.Hosting;

namespace Zk.Node.Server.Network;

/// <summary>
/// One client socket. A receive loop turns bytes into frames (or a four-letter word) and posts them to the
/// core thread; a send loop drains an outbound pipe that only the core thread writes. Malformed input closes
/// this connection and nothing else.
/// </summary>
internal sealed class ClientConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();
    private bool _outboundCompleted;
    private volatile TaskCompletionSource? _resumeReading;
    private long _unflushedBytes;

    public ClientConnection(ConnectionId id, Socket socket, long connectedAtMs)
    {
        Id = id;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        var remote = socket.RemoteEndPoint as IPEndPoint;
        RemoteAddress = remote?.Address.IsIPv4MappedToIPv6 == true ? remote.Address.MapToIPv4().ToString() : remote?.Address.ToString() ?? "unknown";
        RemotePort = remote?.Port ?? 0;
        ConnectedAtMs = connectedAtMs;
    }

    public ConnectionId Id { get; }

    public string RemoteAddress { get; }

    public int RemotePort { get; }

    public long ConnectedAtMs { get; }

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    private long _packetsReceived;

    /// <summary>Runs until the peer disconnects, sends garbage, or the core closes the connection.</summary>
    public async Task RunAsync(CoreLoop core, int maxFrameLength, Func<string, ValueTask<string>> fourLetterWord, Action<string> log)
    {
        var sending = SendLoopAsync();
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
        bool first = true;
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                if (_resumeReading is { } gate)
                {
                    await gate.Task.WaitAsync(_closed.Token).ConfigureAwait(false);
                }

                var result = await reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (first && buffer.Length >= 4 && FrameDecoder.IsFourLetterWord(buffer.Slice(0, 4), out string word))
                {
                    string text = await fourLetterWord(word).ConfigureAwait(false);
                    core.Post(new CoreInput.WriteRaw(Id, System.Text.Encoding.ASCII.GetBytes(text)));
                    core.Post(new CoreInput.CloseConnection(Id));
                    break;
                }

                while (FrameDecoder.TryReadFrame(ref buffer, maxFrameLength, out var payload))
                {
                    byte[] bytes = payload.ToArray();
                    Interlocked.Increment(ref _packetsReceived);
                    core.Post(first ? new CoreInput.Connect(Id, bytes, RemoteAddress) : new CoreInput.Receive(Id, bytes));
                    first = false;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (JuteException e)
        {
            log($"closing {RemoteAddress}:{RemotePort} ({Id}): {e.Message}");
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            core.Post(new CoreInput.Disconnected(Id));
        }

        await sending.ConfigureAwait(false);
    }

    /// <summary>Core thread only: stop reading this socket (the kernel's buffers then push back on the client).</summary>
    public void PauseReading() => _resumeReading ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Core thread only: read again.</summary>
    public void ResumeReading()
    {
        var gate = _resumeReading;
        _resumeReading = null;
        gate?.TrySetResult();
    }

    /// <summary>Core thread only: queue one length-prefixed frame.</summary>
    public void EnqueueFrame(ReadOnlySpan<byte> payload)
    {
        if (_outboundCompleted)
        {
            return;
        }

        var writer = _outbound.Writer;
        var span = writer.GetSpan(payload.Length + 4);
        BinaryPrimitives.WriteInt32BigEndian(span, payload.Length);
        payload.CopyTo(span[4..]);
        writer.Advance(payload.Length + 4);
        _unflushedBytes += payload.Length + 4;
    }

    /// <summary>Core thread only: queue raw bytes (four-letter word output).</summary>
    public void EnqueueRaw(ReadOnlySpan<byte> bytes)
    {
        if (!_outboundCompleted)
        {
            _outbound.Writer.Write(bytes);
            _unflushedBytes += bytes.Length;
        }
    }

    /// <summary>Core thread only: hand queued frames to the send loop. Never blocks: the pipe has no pause threshold.</summary>
    public void Flush()
    {
        if (_outboundCompleted || _unflushedBytes == 0)
        {
            return;
        }

        _unflushedBytes = 0;
        _ = _outbound.Writer.FlushAsync();
    }

    /// <summary>Core thread only: send what is queued, then close.</summary>
    public void Close()
    {
        if (_outboundCompleted)
        {
            return;
        }

        Flush();
        _outboundCompleted = true;
        _outbound.Writer.Complete();
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await _stream.WriteAsync(segment).ConfigureAwait(false);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            _closed.Cancel();
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
