using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Zk.Client.Tests.Support;

/// <summary>
/// A loopback TCP forwarder in front of a server, so tests can cut a client's connection (<see cref="DropAll"/>)
/// or make a "host" unreachable (<see cref="Refusing"/>: accepted connections are closed at once) without
/// touching the server.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectString => $"127.0.0.1:{Port}";

    public volatile bool Refusing;

    /// <summary>Connections accepted and forwarded so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Resets every forwarded connection (both sides).</summary>
    public void DropAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            Close(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            if (Refusing)
            {
                client.Dispose();
                continue;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            client.NoDelay = true;
            _sockets[client] = 0;
            _sockets[server] = 0;
            Interlocked.Increment(ref _accepted);
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        Close(from);
        Close(to);
    }

    private void Close(Socket socket)
    {
        if (_sockets.TryRemove(socket, out _))
        {
            try
            {
                // Linger 0 sends RST: the client sees a hard connection loss, not a polite close.
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
            }

            socket.Dispose();
        }
    }
}
