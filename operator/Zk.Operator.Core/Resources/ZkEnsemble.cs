using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>The ZkEnsemble custom resource: one ZooKeeper ensemble managed by the operator.</summary>
[KubernetesEntity(GroupName, VersionName, KindName, PluralName)]
[ShortNames("zke")]
[StatusSubresource]
[ScaleSubresource(".spec.replicas", ".status.replicas", ".status.selector")]
[PrinterColumn(0, "Replicas", "integer", ".spec.replicas", Description = "Desired voting members")]
[PrinterColumn(1, "Ready", "integer", ".status.readyReplicas", Description = "Voting members serving in the quorum")]
[PrinterColumn(2, "Observers", "integer", ".spec.observers", Description = "Desired observers")]
[PrinterColumn(3, "Leader", "string", ".status.leader", Description = "Pod of the current leader")]
[PrinterColumn(4, "Phase", "string", ".status.phase", Description = "Summary of the ensemble's state")]
[PrinterColumn(5, "Age", "date", ".metadata.creationTimestamp")]
[Description("ZkEnsemble is a ZooKeeper ensemble run by zk-operator: voting members in one StatefulSet, observers in another, membership changed through dynamic reconfiguration.")]
public sealed class ZkEnsemble
{
    public const string GroupName = "zookeeper.zkoperator.io";
    public const string VersionName = "v1alpha1";
    public const string KindName = "ZkEnsemble";
    public const string PluralName = "zkensembles";
    public const string ApiVersionValue = GroupName + "/" + VersionName;

    public string ApiVersion { get; set; } = ApiVersionValue;

    public string Kind { get; set; } = KindName;

    public ObjectMeta Metadata { get; set; } = new();

    public ZkEnsembleSpec Spec { get; set; } = new();

    public ZkEnsembleStatus? Status { get; set; }

    public static ZkEnsemble FromJson(JsonNode node) => ZkJson.FromJson<ZkEnsemble>(node);

    public JsonObject ToJsonObject() => ZkJson.ToJsonObject(this);
}
