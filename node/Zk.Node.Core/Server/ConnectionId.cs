namespace Zk.Node.Core.Server;

/// <summary>The host's handle for one client connection; the core never sees sockets.</summary>
public readonly record struct ConnectionId(long Value)
{
    public override string ToString() => $"conn#{Value}";
}
