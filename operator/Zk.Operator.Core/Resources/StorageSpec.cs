using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>
/// The persistent volume every member keeps its transaction log and snapshots on. Size and class cannot change
/// after creation: a StatefulSet's volumeClaimTemplates are immutable, so such an edit would make every later
/// apply fail (422) and block scaling and restarts; the API server refuses it up front (transition rules).
/// </summary>
[CelRule(SizeUnchangedRule, "storage.size cannot be changed after creation: the members' volume claims are immutable (StatefulSet volumeClaimTemplates); create a new ensemble to change it")]
[CelRule(ClassUnchangedRule, "storage.storageClassName cannot be changed after creation: the members' volume claims are immutable (StatefulSet volumeClaimTemplates); create a new ensemble to change it")]
public sealed class StorageSpec
{
    public const string SizeUnchangedRule = "self.size == oldSelf.size";
    public const string ClassUnchangedRule =
        "(has(self.storageClassName) ? self.storageClassName : '') == (has(oldSelf.storageClassName) ? oldSelf.storageClassName : '')";

    [Description("Size of each member's volume. Volume claims are immutable: changing it later needs a new ensemble.")]
    [Default("10Gi")]
    public Quantity Size { get; set; } = new("10Gi");

    [Description("StorageClass of the volume claims; the cluster default when empty.")]
    public string? StorageClassName { get; set; }

    [Description("Retain keeps a member's volume when it is scaled away or the ensemble is deleted; Delete removes it.")]
    [Default("Retain")]
    public ReclaimPolicy ReclaimPolicy { get; set; } = ReclaimPolicy.Retain;
}
