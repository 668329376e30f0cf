namespace Zk.Operator.Kube.Models;

/// <summary>metav1.Preconditions: delete only the incarnation (uid) or version the caller looked at.</summary>
public sealed class Preconditions
{
    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}
