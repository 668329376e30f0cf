using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Zk.Client.Calls;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Connection;

/// <summary>
/// One TCP connection to one server. Callers write request frames straight into an output pipe under a short
/// lock (xid order = queue order = wire order); a writer loop drains the pipe with as few socket sends as the
/// backlog allows; a reader loop parses frames from the input pipe's buffers and completes calls strictly FIFO.
/// A ping goes out every third of the negotiated timeout, and silence for two thirds of it kills the connection.
/// </summary>
internal sealed class ZkConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Pipe _output;
    private readonly PipeReader _input;
    private readonly CountingBufferWriter _frameBody;
    private readonly Lock _sendLock = new();
    private readonly ConcurrentQueue<ZkCall> _pending = new();
    private readonly ConcurrentQueue<ZkCall> _pendingAuth = new();
    private readonly ConcurrentQueue<ZkCall> _pendingSetWatches = new();
    private readonly ZkClientOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private IConnectionOwner? _owner;
    private bool _closed;
    private long _lastReceiveTimestamp;
    private byte[]? _scratch;

    private ZkConnection(Socket socket, DnsEndPoint endPoint, ZkClientOptions options)
    {
        _socket = socket;
        EndPoint = endPoint;
        _options = options;
        _stream = new NetworkStream(socket, ownsSocket: false);

        // No writer back-pressure: the client's outstanding-request limit bounds the buffer, and it keeps
        // FlushAsync synchronous so it can run under the send lock.
        _output = new Pipe(new PipeOptions(pauseWriterThreshold: 0, minimumSegmentSize: 16 * 1024, useSynchronizationContext: false));
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 8 * 1024, leaveOpen: true));
        _frameBody = new CountingBufferWriter(_output.Writer);
    }

    public DnsEndPoint EndPoint { get; }

    public Handshake Handshake { get; private set; }

    public bool IsClosed
    {
        get
        {
            lock (_sendLock)
            {
                return _closed;
            }
        }
    }

    /// <summary>Connects and runs the handshake; the caller decides what an expired answer means and then calls <see cref="Start"/>.</summary>
    public static async Task<ZkConnection> OpenAsync(
        DnsEndPoint endPoint, long lastZxidSeen, int timeoutMs, long sessionId, byte[]? password, ZkClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            var connection = new ZkConnection(socket, endPoint, options);
            await connection.HandshakeAsync(lastZxidSeen, timeoutMs, sessionId, password, cancellationToken);
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the reader, writer and ping loops; from here on failures are reported to <paramref name="owner"/>.</summary>
    public void Start(IConnectionOwner owner)
    {
        _owner = owner;
        _lastReceiveTimestamp = _options.TimeProvider.GetTimestamp();
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(PingLoopAsync);
    }

    /// <summary>Queues <paramref name="call"/> and writes its frame; false when the connection is already closed.</summary>
    public bool TrySend(ZkCall call)
    {
        lock (_sendLock)
        {
            if (_closed)
            {
                return false;
            }

            int xid;
            switch (call.OpCode)
            {
                case OpCode.Auth:
                    xid = Xids.Auth;
                    _pendingAuth.Enqueue(call);
                    break;
                case OpCode.SetWatches:
                    xid = Xids.SetWatches;
                    _pendingSetWatches.Enqueue(call);
                    break;
                default:
                    xid = _owner!.NextXid();
                    _pending.Enqueue(call);
                    break;
            }

            call.Xid = xid;
            try
            {
                WriteFrameLocked(xid, call.OpCode, call);
            }
            catch (Exception e)
            {
                // A half-written frame would desynchronise the stream; nothing else can be sent on it.
                _ = Task.Run(() => Abort(e));
                throw;
            }
        }

        return true;
    }

    /// <summary>Closes the socket and fails every pending call with ConnectionLoss; idempotent.</summary>
    public void Abort(Exception? reason)
    {
        lock (_sendLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _output.Writer.Complete();
        }

        _stop.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }

        _socket.Dispose();
        var loss = new KeeperException(KeeperErrorCode.ConnectionLoss, inner: reason);
        foreach (var queue in new[] { _pending, _pendingAuth, _pendingSetWatches })
        {
            while (queue.TryDequeue(out var call))
            {
                call.Fail(loss);
            }
        }

        _owner?.OnClosed(this, reason);
    }

    private async Task HandshakeAsync(long lastZxidSeen, int timeoutMs, long sessionId, byte[]? password, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(64);
        Handshake.WriteRequest(body, lastZxidSeen, timeoutMs, sessionId, password, _options.CanBeReadOnly);
        byte[] frame = new byte[4 + body.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.WrittenCount);
        body.WrittenSpan.CopyTo(frame.AsSpan(4));
        await _socket.SendAsync(frame, SocketFlags.None, cancellationToken);

        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (FrameDecoder.TryReadFrame(ref buffer, _options.MaxFrameBytes, out var payload))
            {
                Handshake = Handshake.ReadResponse(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
                _input.AdvanceTo(buffer.Start);
                return;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                // ZooKeeper closes without a reply when our lastZxidSeen is ahead of it (§3.3 rule 1).
                throw new IOException($"{EndPoint} closed the connection during the handshake");
            }
        }
    }

    private void WriteFrameLocked(int xid, OpCode opCode, ZkCall? call)
    {
        var writer = _output.Writer;
        var prefix = writer.GetMemory(4)[..4];
        writer.Advance(4);
        _frameBody.Reset();
        var jute = new JuteWriter(_frameBody);
        jute.WriteInt(xid);
        jute.WriteInt((int)opCode);
        call?.WriteBody(jute);

        // The prefix memory stays valid: the pipe keeps unflushed segments until the reader consumes them.
        BinaryPrimitives.WriteInt32BigEndian(prefix.Span, _frameBody.Count);

        // Completes synchronously: the pipe has no pause threshold.
        var flush = writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            throw new InvalidOperationException("output pipe applied back-pressure although it has no pause threshold");
        }

        flush.GetAwaiter().GetResult();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _output.Reader;
        var segments = new List<ArraySegment<byte>>();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                if (buffer.IsSingleSegment)
                {
                    var memory = buffer.First;
                    while (!memory.IsEmpty)
                    {
                        int sent = await _socket.SendAsync(memory, SocketFlags.None);
                        memory = memory[sent..];
                    }
                }
                else if (!buffer.IsEmpty)
                {
                    // One gathered send per batch of frames, however many pipe segments it spans.
                    segments.Clear();
                    foreach (var memory in buffer)
                    {
                        if (!MemoryMarshal.TryGetArray(memory, out var segment))
                        {
                            segment = memory.ToArray();
                        }

                        segments.Add(segment);
                    }

                    int sent = await _socket.SendAsync(segments, SocketFlags.None);
                    if (sent != buffer.Length)
                    {
                        throw new IOException($"short send: {sent} of {buffer.Length} bytes");
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            Abort(e);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    _lastReceiveTimestamp = _options.TimeProvider.GetTimestamp();
                }

                while (FrameDecoder.TryReadFrame(ref buffer, _options.MaxFrameBytes, out var payload))
                {
                    HandleFrame(payload);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    reason = new IOException($"{EndPoint} closed the connection");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            reason = e;
        }
        finally
        {
            await _input.CompleteAsync();
            _stream.Dispose();
        }

        Abort(reason);
    }

    private void HandleFrame(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            HandleFrame(payload.FirstSpan);
            return;
        }

        int length = (int)payload.Length;
        if (_scratch is null || _scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, 4096)];
        }

        payload.CopyTo(_scratch);
        HandleFrame(_scratch.AsSpan(0, length));
    }

    private void HandleFrame(ReadOnlySpan<byte> payload)
    {
        var reader = new JuteReader(payload, _options.MaxFrameBytes);
        var header = ReplyHeader.Read(ref reader);
        var owner = _owner!;
        switch (header.Xid)
        {
            case Xids.Notification:
                var watcherEvent = WatcherEvent.Read(ref reader);
                owner.OnNotification((WatchEventType)watcherEvent.Type, watcherEvent.Path);
                return;
            case Xids.Ping:
                return;
            case Xids.Auth:
                if (header.Err == KeeperErrorCode.AuthFailed)
                {
                    owner.OnAuthFailed();
                }

                CompleteFrom(_pendingAuth, header, ref reader);
                return;
            case Xids.SetWatches:
                CompleteFrom(_pendingSetWatches, header, ref reader);
                return;
        }

        if (header.Zxid > 0)
        {
            owner.OnZxid(header.Zxid);
        }

        if (!_pending.TryPeek(out var call) || call.Xid != header.Xid)
        {
            // The server must answer in request order; anything else means we lost track of the stream.
            throw new JuteException($"reply xid {header.Xid} does not match the oldest pending xid {(call is null ? "none" : call.Xid)}");
        }

        if (!_pending.TryDequeue(out var dequeued) || !ReferenceEquals(dequeued, call))
        {
            // Abort drained the queue concurrently; the calls it took are already failed with ConnectionLoss.
            dequeued?.Fail(new KeeperException(KeeperErrorCode.ConnectionLoss));
            return;
        }

        if (call.Watch != WatchKind.None && call.ServerPath is { } path)
        {
            owner.OnWatchReply(call.Watch, path, header.Err);
        }

        call.Complete(header, ref reader);
    }

    private static void CompleteFrom(ConcurrentQueue<ZkCall> queue, in ReplyHeader header, ref JuteReader reader)
    {
        if (!queue.TryDequeue(out var call))
        {
            throw new JuteException($"unexpected reply with xid {header.Xid}");
        }

        call.Complete(header, ref reader);
    }

    private async Task PingLoopAsync()
    {
        int timeoutMs = Handshake.TimeoutMs;
        var interval = TimeSpan.FromMilliseconds(Math.Max(timeoutMs / 3, 10));
        var readTimeout = TimeSpan.FromMilliseconds(timeoutMs * 2 / 3);
        var time = _options.TimeProvider;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (time.GetElapsedTime(Volatile.Read(ref _lastReceiveTimestamp)) > readTimeout)
                {
                    Abort(new TimeoutException($"nothing received from {EndPoint} for {readTimeout.TotalMilliseconds} ms"));
                    return;
                }

                lock (_sendLock)
                {
                    if (_closed)
                    {
                        return;
                    }

                    WriteFrameLocked(Xids.Ping, OpCode.Ping, null);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
