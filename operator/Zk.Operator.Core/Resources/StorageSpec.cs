using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>The persistent volume every member keeps its transaction log and snapshots on.</summary>
public sealed class StorageSpec
{
    [Description("Size of each member's volume. Volume claims are immutable: changing it later needs a new ensemble.")]
    [Default("10Gi")]
    public Quantity Size { get; set; } = new("10Gi");

    [Description("StorageClass of the volume claims; the cluster default when empty.")]
    public string? StorageClassName { get; set; }

    [Description("Retain keeps a member's volume when it is scaled away or the ensemble is deleted; Delete removes it.")]
    [Default("Retain")]
    public ReclaimPolicy ReclaimPolicy { get; set; } = ReclaimPolicy.Retain;
}
