namespace Zk.Operator.Cluster.Tests.Sandbox;

/// <summary>
/// One network namespace per pod, joined to the sandbox bridge by a veth pair, with an address from the
/// sandbox's /24 (.1 is the gateway). The lowest free address is taken, so a recreated pod often, not always,
/// gets its old address back. Names and addresses are unique in the process, not per runner: a namespace of an
/// earlier test may outlive its deletion for a moment (it goes when its last process has).
/// </summary>
internal sealed class PodNetwork(ClusterSandbox sandbox)
{
    private static readonly Lock Lock = new();
    private static readonly Dictionary<string, int> HostOf = new(StringComparer.Ordinal);
    private static int _nextNamespace;

    /// <summary>Creates the namespace and returns its name (for /var/run/netns) and the pod's address.</summary>
    public async Task<(string Namespace, string Ip)> CreateAsync()
    {
        int host;
        string netns;
        lock (Lock)
        {
            host = Enumerable.Range(2, 252).First(h => !HostOf.ContainsValue(h));
            netns = $"zkpod{++_nextNamespace}";
            HostOf[netns] = host;
        }

        string ip = $"{sandbox.SubnetPrefix}.{host}";
        string veth = "v" + netns;
        try
        {
            await Command.RunAsync("ip", "netns", "add", netns);
            await Command.RunAsync("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns);
            await Command.RunAsync("ip", "link", "set", veth, "master", sandbox.Bridge, "up");
            await Command.RunAsync("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
            await Command.RunAsync("ip", "netns", "exec", netns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
            await Command.RunAsync("ip", "netns", "exec", netns, "ip", "link", "set", "eth0", "up");
            await Command.RunAsync("ip", "netns", "exec", netns, "ip", "route", "add", "default", "via", sandbox.Gateway);
        }
        catch (InvalidOperationException)
        {
            await DeleteAsync(netns);
            throw;
        }

        return (netns, ip);
    }

    /// <summary>Deletes the veth pair (the pod's address goes with its end) and the namespace, and frees the address.</summary>
    public async Task DeleteAsync(string netns)
    {
        await Command.TryAsync("ip", "link", "delete", "v" + netns);
        await Command.TryAsync("ip", "netns", "delete", netns);
        lock (Lock)
        {
            HostOf.Remove(netns);
        }
    }
}
