using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>What the user asks for: the ensemble's size, image, storage, configuration and pod settings.</summary>
[Description("Desired state of a ZooKeeper ensemble.")]
[CelRule("self.replicas % 2 == 1", "replicas must be odd (1, 3, 5, 7 or 9): an even ensemble tolerates no more failures than the odd one below it")]
public sealed class ZkEnsembleSpec
{
    public const int MinReplicas = 1;
    public const int MaxReplicas = 9;
    public const int MaxObservers = 32;
    public const string DefaultImage = "ghcr.io/zkoperator/zknode:0.1.0";

    [Description("Number of voting members (participants). Odd, 1 to 9. Changed one member at a time through dynamic reconfiguration.")]
    [Range(MinReplicas, MaxReplicas)]
    [Default(3)]
    public int Replicas { get; set; } = 3;

    [Description("Number of observers: non-voting members that serve reads and scale client traffic without slowing writes.")]
    [Range(0, MaxObservers)]
    [Default(0)]
    public int Observers { get; set; }

    [Description("Container image of the members: zknode or any Apache ZooKeeper 3.5+ compatible image.")]
    [Length(1, 512)]
    [Default(DefaultImage)]
    public string Image { get; set; } = DefaultImage;

    [Description("When the kubelet pulls the image.")]
    [Default("IfNotPresent")]
    public ImagePullPolicy ImagePullPolicy { get; set; } = ImagePullPolicy.IfNotPresent;

    [Description("Secrets in the ensemble's namespace used to pull the image.")]
    public List<LocalObjectReference>? ImagePullSecrets { get; set; }

    [Description("Compute resources of the zookeeper container.")]
    public ResourceRequirements? Resources { get; set; }

    [Description("Persistent storage of each member.")]
    [Default(DefaultAttribute.EmptyObject)]
    public StorageSpec Storage { get; set; } = new();

    [Description("zoo.cfg overrides (key: value). Keys the operator owns (server.*, group.*, weight.*, dataDir, dataLogDir, clientPort, clientPortAddress, dynamicConfigFile, reconfigEnabled, standaloneEnabled, quorumListenOnAllIPs, peerType) are rejected. A change restarts the members one at a time.")]
    [Length(0, 64)]
    [CelRule(ConfigPolicy.CelRule, "keys owned by the operator (server.*, group.*, weight.*, dataDir, dataLogDir, clientPort, clientPortAddress, dynamicConfigFile, reconfigEnabled, standaloneEnabled, quorumListenOnAllIPs, peerType) cannot be overridden")]
    public Dictionary<string, string>? Config { get; set; }

    [Description("Pod labels, annotations, scheduling and security settings.")]
    public PodOverrides? Pod { get; set; }

    [Description("Deadlines of restarts and membership changes.")]
    [Default(DefaultAttribute.EmptyObject)]
    public RollingUpdateSpec RollingUpdate { get; set; } = new();

    [Description("Set to a new value (e.g. the current time) to restart every member one at a time, followers first and the leader last.")]
    [Length(0, 64)]
    public string? RestartRequestedAt { get; set; }
}
