using System.Net;
using System.Net.Sockets;

namespace Zk.Testing;

public static class FreePort
{
    /// <summary>A loopback TCP port nothing listens on right now (the OS picks it).</summary>
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
