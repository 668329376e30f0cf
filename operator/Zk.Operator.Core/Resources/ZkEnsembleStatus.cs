using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>What the operator last observed; written only through the status subresource.</summary>
[Description("Observed state of the ensemble.")]
public sealed class ZkEnsembleStatus
{
    [Description("The metadata.generation this status describes.")]
    public long ObservedGeneration { get; set; }

    [Description("Voting members in the committed configuration (the scale subresource's current size).")]
    public int Replicas { get; set; }

    [Description("Voting members that are ready and synced with the leader.")]
    public int ReadyReplicas { get; set; }

    [Description("Observers in the committed configuration.")]
    public int Observers { get; set; }

    [Description("Pod name of the current leader, empty without a quorum.")]
    public string? Leader { get; set; }

    [Description("Every member pod with its server id, role and last zxid.")]
    [ListMap("name")]
    public List<MemberStatus>? Members { get; set; }

    [Description("Version (hex zxid) of the committed dynamic configuration.")]
    public string? ConfigVersion { get; set; }

    [Description("One-word summary: Pending, Creating, Running, Scaling, Restarting, Degraded or Invalid.")]
    public EnsemblePhase? Phase { get; set; }

    [Description("Label selector of the voting members' pods, for the scale subresource.")]
    public string? Selector { get; set; }

    [Description("Available, Progressing and Degraded, following the Kubernetes condition conventions.")]
    [ListMap("type")]
    public List<Condition>? Conditions { get; set; }
}
