namespace Zk.Operator.Kube.Models;

/// <summary>metav1.OwnerReference: ties a child to its ZkEnsemble so garbage collection removes it.</summary>
public sealed class OwnerReference
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";

    public bool? Controller { get; set; }

    public bool? BlockOwnerDeletion { get; set; }
}
