using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// One established election socket to <see cref="Sid"/>, after the handshake. A receive loop delivers each
/// length-prefixed message; a send loop drains the peer's queue. Either loop ending closes both.
/// </summary>
/// <remarks>
/// <code>
/// after the handshake, in both directions:  length:int (1..MaxMessageBytes) | message: length bytes  (a Notification)
/// </code>
/// </remarks>
internal sealed class ElectionConnection(long sid, Socket socket, bool outbound)
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly CancellationTokenSource _closed = new();
    private int _closedFlag;

    public long Sid { get; } = sid;

    /// <summary>True when this server opened the socket (so its id is the larger one).</summary>
    public bool Outbound { get; } = outbound;

    public NetworkStream Stream => _stream;

    public bool IsClosed => Volatile.Read(ref _closedFlag) != 0;

    /// <summary>Runs both loops until either ends; <paramref name="input"/> may already hold bytes read after the handshake.</summary>
    public async Task RunAsync(PipeReader input, ElectionPeer peer, int maxMessageBytes, Action<long, byte[]> deliver, Action<string> warn)
    {
        var sending = SendLoopAsync(peer);
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                var result = await input.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (FrameDecoder.TryReadFrame(ref buffer, maxMessageBytes, out var message))
                {
                    if (message.Length == 0)
                    {
                        throw new JuteException("empty election message");
                    }

                    deliver(Sid, message.ToArray());
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (JuteException e)
        {
            warn($"closing election connection with server {Sid}: {e.Message}");
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Close();
            await input.CompleteAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closedFlag, 1) != 0)
        {
            return;
        }

        _closed.Cancel();
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _stream.Dispose();
    }

    private async Task SendLoopAsync(ElectionPeer peer)
    {
        try
        {
            // Nothing newer queued: repeat the last vote, which may have died with the previous connection.
            if (peer.Queue.Reader.Count == 0 && peer.LastSent is { } last)
            {
                await WriteAsync(last).ConfigureAwait(false);
            }

            while (true)
            {
                byte[] message = await peer.Queue.Reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                peer.LastSent = message;
                await WriteAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Close();
        }
    }

    private async Task WriteAsync(byte[] message)
    {
        byte[] frame = ArrayPool<byte>.Shared.Rent(message.Length + 4);
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(frame, message.Length);
            message.CopyTo(frame.AsSpan(4));
            await _stream.WriteAsync(frame.AsMemory(0, message.Length + 4), _closed.Token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
