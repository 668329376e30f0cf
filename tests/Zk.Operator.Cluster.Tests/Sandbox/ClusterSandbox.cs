namespace Zk.Operator.Cluster.Tests.Sandbox;

/// <summary>
/// The environment scripts/cluster-sandbox.sh sets up: a private network namespace with the bridge the pods join,
/// and a private /etc/hosts (bind-mounted over the real path) that the pod runner edits in place. Outside it the
/// tests fail, saying how to run them: they would otherwise create namespaces and edit /etc/hosts of the machine.
/// </summary>
internal sealed record ClusterSandbox(string HostsFile, string Bridge, string Gateway, string StateDirectory)
{
    public const string HowToRun =
        "the cluster tests run only inside the sandbox (root, private network and mount namespaces): "
        + "`make test-cluster`, or `sudo scripts/cluster-sandbox.sh dotnet test tests/Zk.Operator.Cluster.Tests -c Release`";

    /// <summary>The first three octets of the pods' /24 (the gateway is .1 on the bridge).</summary>
    public string SubnetPrefix => Gateway[..Gateway.LastIndexOf('.')];

    private static readonly Lazy<ClusterSandbox> Current = new(Detect);

    /// <summary>The sandbox this process runs in; throws with <see cref="HowToRun"/> when there is none.</summary>
    public static ClusterSandbox Require() => Current.Value;

    private static ClusterSandbox Detect()
    {
        string? hosts = Environment.GetEnvironmentVariable("ZK_SANDBOX_HOSTS");
        string? bridge = Environment.GetEnvironmentVariable("ZK_SANDBOX_BRIDGE");
        string? gateway = Environment.GetEnvironmentVariable("ZK_SANDBOX_GATEWAY");
        string? state = Environment.GetEnvironmentVariable("ZK_SANDBOX_STATE");
        if (hosts is null || bridge is null || gateway is null || state is null)
        {
            throw new InvalidOperationException("ZK_SANDBOX_* is not set: " + HowToRun);
        }

        // /proc/self/net shows this process's network namespace (/sys/class/net would show the one sysfs was mounted in).
        bool bridged = File.ReadAllLines("/proc/self/net/dev").Any(line => line.TrimStart().StartsWith(bridge + ":", StringComparison.Ordinal));
        if (!bridged || !File.Exists(hosts))
        {
            throw new InvalidOperationException($"bridge {bridge} or hosts file {hosts} is missing: " + HowToRun);
        }

        return new ClusterSandbox(hosts, bridge, gateway, state);
    }
}
