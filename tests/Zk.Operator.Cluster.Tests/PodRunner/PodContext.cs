using Zk.Operator.Cluster.Tests.Sandbox;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>What every pod of one runner shares: the store, the sandbox network and DNS, the image, the folders.</summary>
internal sealed record PodContext(ClusterStore Store, ClusterSandbox Sandbox, PodNetwork Network, HostsFile Hosts, ContainerImage Image, string Root, PodFaults Faults)
{
    /// <summary>Holds a deleted pod object until its processes are gone, as kubelet's graceful deletion does.</summary>
    public const string Finalizer = "pod-runner.zk-test/terminating";

    public string ClaimsRoot => Path.Combine(Root, "claims");
}
