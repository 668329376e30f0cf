using System.Net;
using System.Net.Sockets;

namespace Zk.Node.Server.Network;

/// <summary>
/// Binds listening sockets exclusively. .NET's <see cref="SocketOptionName.ReuseAddress"/> sets SO_REUSEPORT as well on
/// Linux, which lets a second process bind the same port and take half of the connections; here only SO_REUSEADDR is
/// set, so a restart can bind over connections in TIME_WAIT while a port some live socket listens on is refused.
/// </summary>
internal static class ListenSocket
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>SO_REUSEADDR without SO_REUSEPORT, then bind; <see cref="SocketException"/> (AddressAlreadyInUse) when the port is taken.</summary>
    public static void BindExclusive(Socket socket, EndPoint endpoint)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        else
        {
            // Elsewhere (Windows) SO_REUSEADDR means sharing a bound port; without it a port in TIME_WAIT still binds.
            socket.ExclusiveAddressUse = true;
        }

        socket.Bind(endpoint);
    }
}
