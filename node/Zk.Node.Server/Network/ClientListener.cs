using System.Net;
using System.Net.Sockets;
using Zk.Node.Core.Server;
using Zk.Node.Server.FourLetterWords;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;

namespace Zk.Node.Server.Network;

/// <summary>
/// Accepts client sockets, enforces maxCnxns in total, the file descriptors left (<see cref="FileDescriptorBudget"/>) and
/// maxClientCnxns per remote address, and runs each connection. Failing accepts (out of file descriptors anyway) are
/// retried after a pause, and logged at a bounded rate.
/// </summary>
internal sealed class ClientListener(IPEndPoint endpoint, ClientLimits limits, CoreLoop core, FourLetterWordRunner words, TimeProvider time, NodeLog log)
{
    private readonly Socket _listener = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly RateLimitedLog _warnings = new(log, time, TimeSpan.FromSeconds(10), linesPerWindow: 10);
    private readonly FileDescriptorBudget _descriptors = new(limits.FileDescriptorReserve);
    private long _nextConnectionId;

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Binds the client port; a port another process serves is a <see cref="PortInUseException"/> naming it.</summary>
    public void Bind()
    {
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.DualMode = true;
        }

        try
        {
            ListenSocket.BindExclusive(_listener, endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            _listener.Dispose();
            throw new PortInUseException("clientPort", endpoint, e);
        }

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
                // Out of file descriptors the pending connection stays queued and accept fails again at once: retrying
                // straight away spins a core and floods the log. ZooKeeper waits 10 ms too.
                _warnings.Warn($"accept failed: {e.Message}");
                try
                {
                    await Task.Delay(limits.AcceptFailureBackoff, time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            socket.NoDelay = true;
            var connection = new ClientConnection(new ConnectionId(Interlocked.Increment(ref _nextConnectionId)), socket, core.NowMs);
            if (Refusal(connection) is { } reason)
            {
                _warnings.Warn(reason);
                socket.Dispose();
                continue;
            }

            core.Register(connection);
            _ = Task.Run(() => connection.RunAsync(core, limits, time, words.RunAsync, _warnings), CancellationToken.None);
        }

        _listener.Dispose();
    }

    private string? Refusal(ClientConnection connection)
    {
        var open = core.Connections;
        if (limits.MaxConnections > 0 && open.Count >= limits.MaxConnections)
        {
            return $"refusing {connection.RemoteAddress}:{connection.RemotePort}: too many connections - max is {limits.MaxConnections} (maxCnxns)";
        }

        if (_descriptors.ConnectionCapacity() is int capacity && open.Count >= capacity)
        {
            return $"refusing {connection.RemoteAddress}:{connection.RemotePort}: {open.Count} connections leave too few file descriptors " +
                $"(limit {FileDescriptorBudget.SoftLimit()}; raise ulimit -n or lower maxCnxns)";
        }

        if (limits.MaxConnectionsPerHost > 0 && open.Count(c => c.RemoteAddress == connection.RemoteAddress) >= limits.MaxConnectionsPerHost)
        {
            return $"too many connections from {connection.RemoteAddress} - max is {limits.MaxConnectionsPerHost} (maxClientCnxns)";
        }

        return null;
    }
}
