using System.Net;
using System.Net.Sockets;

namespace Zk.Node.Server.Network;

/// <summary>A listening port is already bound by another socket (most often another zknode on the same port).</summary>
internal sealed class PortInUseException(string setting, EndPoint endpoint, SocketException inner)
    : Exception($"{setting}: {endpoint} is already in use (is another server running on port {PortOf(endpoint)}?)", inner)
{
    private static string PortOf(EndPoint endpoint) => endpoint is IPEndPoint ip ? ip.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : endpoint.ToString() ?? "?";
}
