using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;

namespace Zk.Node.Server.Network;

/// <summary>
/// One client socket. A receive loop turns bytes into frames (or a four-letter word) and posts them to the
/// core thread; a send loop drains an outbound pipe that only the core thread writes. Malformed input closes
/// this connection and nothing else.
/// </summary>
/// <remarks>
/// The outbound pipe itself has no limit (the core thread must never block); what bounds it is that the core stops
/// reading a connection whose unsent output or unanswered requests are over <see cref="ClientLimits"/>
/// (<see cref="PauseReading"/>), and parks the requests that were already read (<see cref="Parked"/>), so a client
/// that never reads its replies costs the server a few megabytes, not one reply per request it writes.
/// </remarks>
internal sealed class ClientConnection
{
    /// <summary>The xid of a watch event (ZooKeeper's NOTIFICATION_XID).</summary>
    private const int NotificationXid = -1;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();

    // Core thread only: where each queued frame ends in the output stream, oldest first, and its bytes if it is a watch
    // event (xid -1) rather than a reply.
    private readonly Queue<(long End, int EventBytes)> _frames = new();

    // Core thread only: sizes of the requests handed to the core, newest last (replies leave in request order).
    private readonly Queue<int> _dispatchedRequestSizes = new();
    private CoreLoop? _core;
    private bool _outboundCompleted;
    private volatile bool _sendLoopEnded;
    private volatile TaskCompletionSource? _resumeReading;
    private long _unflushedBytes;
    private long _enqueuedBytes;
    private long _sentBytes;
    private int _drainSignalArmed;
    private long _packetsReceived;
    private long _queuedEventBytes;
    private long _unansweredRequestBytes;
    private int _queuedEvents;

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

    /// <summary>Core thread only: requests read while this connection was paused, dispatched in order once it drains.</summary>
    public Queue<CoreInput.Receive> Parked { get; } = new();

    /// <summary>Core thread only: closed or aborted; nothing more will be queued.</summary>
    public bool OutputClosed => _outboundCompleted;

    /// <summary>Core thread only: bytes queued for this client and not yet written to its socket.</summary>
    public long QueuedBytes => _sendLoopEnded ? 0 : _enqueuedBytes - Interlocked.Read(ref _sentBytes);

    /// <summary>Core thread only: reply frames queued and not yet wholly written to the socket.</summary>
    public int QueuedReplies
    {
        get
        {
            ForgetSentFrames();
            return _sendLoopEnded ? 0 : _frames.Count - _queuedEvents;
        }
    }

    /// <summary>Core thread only: a request of <paramref name="bytes"/> was handed to the core.</summary>
    public void Dispatched(int bytes)
    {
        _dispatchedRequestSizes.Enqueue(bytes);
        _unansweredRequestBytes += bytes;
    }

    /// <summary>
    /// Core thread only: bytes of the requests the core holds unanswered, given how many it holds. Replies leave in
    /// request order, so those are the newest <paramref name="unanswered"/> requests dispatched.
    /// </summary>
    public long UnansweredRequestBytes(int unanswered)
    {
        while (_dispatchedRequestSizes.Count > unanswered)
        {
            _unansweredRequestBytes -= _dispatchedRequestSizes.Dequeue();
        }

        return _unansweredRequestBytes;
    }

    /// <summary>Core thread only: bytes of watch events queued and not yet wholly written to the socket.</summary>
    public long QueuedEventBytes
    {
        get
        {
            ForgetSentFrames();
            return _sendLoopEnded ? 0 : _queuedEventBytes;
        }
    }

    /// <summary>Runs until the peer disconnects, sends garbage, stays silent past the connect timeout, or the core closes the connection.</summary>
    public async Task RunAsync(CoreLoop core, ClientLimits limits, TimeProvider time, Func<string, ValueTask<string>> fourLetterWord, RateLimitedLog log)
    {
        _core = core;
        var sending = SendLoopAsync();
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));

        // ZooKeeper closes a connection that has not sent its ConnectRequest within sessionlessCnxnTimeout; without that,
        // idle sockets opened by anyone hold file descriptors for ever.
        using var connectDeadline = new CancellationTokenSource(limits.ConnectTimeout, time);
        using var untilFirstFrame = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token, connectDeadline.Token);
        bool first = true;
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                if (_resumeReading is { } gate)
                {
                    await gate.Task.WaitAsync(_closed.Token).ConfigureAwait(false);
                }

                var result = await reader.ReadAsync(first ? untilFirstFrame.Token : _closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (first && buffer.Length >= 4 && FrameDecoder.IsFourLetterWord(buffer.Slice(0, 4), out string word))
                {
                    string text = await fourLetterWord(word).ConfigureAwait(false);
                    core.Post(new CoreInput.WriteRaw(Id, System.Text.Encoding.ASCII.GetBytes(text)));
                    core.Post(new CoreInput.CloseConnection(Id));
                    break;
                }

                // Stop between frames as soon as the core pauses this connection: frames not taken stay in the pipe
                // (unexamined, so the next read returns them at once) instead of becoming requests whose replies pile up.
                bool paused = false;
                while (true)
                {
                    if (!first && _resumeReading is not null)
                    {
                        paused = true;
                        break;
                    }

                    if (!FrameDecoder.TryReadFrame(ref buffer, limits.MaxFrameLength, out var payload))
                    {
                        break;
                    }

                    byte[] bytes = payload.ToArray();
                    Interlocked.Increment(ref _packetsReceived);
                    core.Post(first ? new CoreInput.Connect(Id, bytes, RemoteAddress) : new CoreInput.Receive(Id, bytes));
                    first = false;
                }

                reader.AdvanceTo(buffer.Start, paused ? buffer.Start : buffer.End);
                if (result.IsCompleted && !paused)
                {
                    break;
                }
            }
        }
        catch (JuteException e)
        {
            log.Warn($"closing {RemoteAddress}:{RemotePort} ({Id}): {e.Message}");
        }
        catch (OperationCanceledException) when (first && connectDeadline.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            log.Warn($"closing {RemoteAddress}:{RemotePort} ({Id}): no ConnectRequest within {limits.ConnectTimeout.TotalMilliseconds:0} ms");
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
        catch (ObjectDisposedException)
        {
            // Aborted by the core thread.
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

    /// <summary>
    /// Core thread only: have the send loop post <see cref="CoreInput.OutputDrained"/> after its next write. Armed before
    /// the core looks at <see cref="QueuedBytes"/>, so a write that completes after that look always signals.
    /// </summary>
    public void ArmDrainSignal() => Interlocked.Exchange(ref _drainSignalArmed, 1);

    /// <summary>Core thread only: queue one length-prefixed frame.</summary>
    public void EnqueueFrame(ReadOnlySpan<byte> payload)
    {
        if (_outboundCompleted || _sendLoopEnded)
        {
            return;
        }

        var writer = _outbound.Writer;
        var span = writer.GetSpan(payload.Length + 4);
        BinaryPrimitives.WriteInt32BigEndian(span, payload.Length);
        payload.CopyTo(span[4..]);
        writer.Advance(payload.Length + 4);
        _unflushedBytes += payload.Length + 4;
        _enqueuedBytes += payload.Length + 4;
        int eventBytes = payload.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(payload) == NotificationXid ? payload.Length + 4 : 0;
        _frames.Enqueue((_enqueuedBytes, eventBytes));
        if (eventBytes > 0)
        {
            _queuedEvents++;
            _queuedEventBytes += eventBytes;
        }
    }

    /// <summary>Core thread only: queue raw bytes (four-letter word output).</summary>
    public void EnqueueRaw(ReadOnlySpan<byte> bytes)
    {
        if (!_outboundCompleted && !_sendLoopEnded)
        {
            _outbound.Writer.Write(bytes);
            _unflushedBytes += bytes.Length;
            _enqueuedBytes += bytes.Length;
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

    /// <summary>
    /// Core thread only: drop the connection now, discarding what is queued (a client that does not read would keep a
    /// graceful close waiting for ever). The loops see the socket go and report <see cref="CoreInput.Disconnected"/>.
    /// </summary>
    public void Abort()
    {
        if (_outboundCompleted)
        {
            return;
        }

        _outboundCompleted = true;
        _outbound.Writer.Complete();
        _closed.Cancel();
        _socket.Dispose();
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

    private void ForgetSentFrames()
    {
        long sent = Interlocked.Read(ref _sentBytes);
        while (_frames.TryPeek(out var frame) && frame.End <= sent)
        {
            _frames.Dequeue();
            if (frame.EventBytes > 0)
            {
                _queuedEvents--;
                _queuedEventBytes -= frame.EventBytes;
            }
        }
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
                    Interlocked.Add(ref _sentBytes, segment.Length);
                    if (Interlocked.Exchange(ref _drainSignalArmed, 0) == 1)
                    {
                        _core?.Post(new CoreInput.OutputDrained(Id));
                    }
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
            // Nothing queued from now on can be sent: drop it instead of holding it (EnqueueFrame checks this).
            _sendLoopEnded = true;
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
