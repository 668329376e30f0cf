using System.Net;
using System.Net.Sockets;
using Zk.Node.Core.Server;
using Zk.Node.Server.FourLetterWords;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;

namespace Zk.Node.Server.Network;

/// <summary>Accepts client sockets, enforces maxClientCnxns per remote address, and runs each connection.</summary>
internal sealed class ClientListener(IPEndPoint endpoint, int maxClientCnxnsPerHost, int maxFrameLength, CoreLoop core, FourLetterWordRunner words, NodeLog log)
{
    private readonly Socket _listener = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private long _nextConnectionId;

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndPoint!;

    public void Bind()
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.DualMode = true;
        }

        _listener.Bind(endpoint);
        _listener.Listen(512);
    }

    public async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                log.Warn($"accept failed: {e.Message}");
                continue;
            }

            socket.NoDelay = true;
            var connection = new ClientConnection(new ConnectionId(Interlocked.Increment(ref _nextConnectionId)), socket, core.NowMs);
            if (maxClientCnxnsPerHost > 0 && core.Connections.Count(c => c.RemoteAddress == connection.RemoteAddress) >= maxClientCnxnsPerHost)
            {
                log.Warn($"too many connections from {connection.RemoteAddress} - max is {maxClientCnxnsPerHost}");
                socket.Dispose();
                continue;
            }

            core.Register(connection);
            _ = Task.Run(() => connection.RunAsync(core, maxFrameLength, words.RunAsync, log.Warn), CancellationToken.None);
        }

        _listener.Dispose();
    }
}
