namespace Zk.Operator.Cluster.Tests.Sandbox;

/// <summary>
/// One network namespace per pod, joined to the sandbox bridge by a veth pair, with an address from the
/// sandbox's /24 (.1 is the gateway). The lowest free address is taken, so a recreated pod often, not always,
/// gets its old address back.
/// </summary>
internal sealed class PodNetwork(ClusterSandbox sandbox)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _hostOf = new(StringComparer.Ordinal);
    private int _nextNamespace;

    /// <summary>Creates the namespace and returns its name (for /var/run/netns) and the pod's address.</summary>
    public async Task<(string Namespace, string Ip)> CreateAsync()
    {
        int host;
        string netns;
        lock (_lock)
        {
            host = Enumerable.Range(2, 252).First(h => !_hostOf.ContainsValue(h));
            netns = $"zkpod{++_nextNamespace}";
            _hostOf[netns] = host;
        }

        string ip = $"{sandbox.SubnetPrefix}.{host}";
        string veth = "v" + netns;
        await Command.RunAsync("ip", "netns", "add", netns);
        await Command.RunAsync("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns);
        await Command.RunAsync("ip", "link", "set", veth, "master", sandbox.Bridge, "up");
        await Command.RunAsync("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        await Command.RunAsync("ip", "netns", "exec", netns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        await Command.RunAsync("ip", "netns", "exec", netns, "ip", "link", "set", "eth0", "up");
        await Command.RunAsync("ip", "netns", "exec", netns, "ip", "route", "add", "default", "via", sandbox.Gateway);
        return (netns, ip);
    }

    /// <summary>Deletes the namespace (its veth end goes with it) and frees the address.</summary>
    public async Task DeleteAsync(string netns)
    {
        await Command.TryAsync("ip", "netns", "delete", netns);
        lock (_lock)
        {
            _hostOf.Remove(netns);
        }
    }
}
