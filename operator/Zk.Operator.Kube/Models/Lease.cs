namespace Zk.Operator.Kube.Models;

/// <summary>coordination.k8s.io/v1 Lease, the lock object of leader election.</summary>
public sealed class Lease
{
    public string ApiVersion { get; set; } = "coordination.k8s.io/v1";

    public string Kind { get; set; } = "Lease";

    public ObjectMeta Metadata { get; set; } = new();

    public LeaseSpec Spec { get; set; } = new();
}
