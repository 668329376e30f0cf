using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Observed;

/// <summary>
/// Everything the planner knows about the world, gathered by the shell before each decision: the
/// objects' applied hashes, the StatefulSets' sizes, each member's answer and the committed dynamic
/// configuration. Immutable: the planner is a pure function of this and the desired state.
/// </summary>
public sealed record ObservedEnsemble
{
    /// <summary>When the observation was made; the only time the planner ever sees.</summary>
    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>
    /// The applied-hash annotation of every existing owned object, keyed by <c>Kind/name</c>
    /// (see <see cref="Desired.ObjectKeys"/>). A missing key means the object does not exist.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppliedHashes { get; init; } = new Dictionary<string, string>();

    /// <summary>spec.replicas of the voters' StatefulSet; null when it does not exist.</summary>
    public int? VoterStatefulSetReplicas { get; init; }

    /// <summary>spec.replicas of the observers' StatefulSet; null when it does not exist.</summary>
    public int? ObserverStatefulSetReplicas { get; init; }

    /// <summary>One entry per existing member pod, voters and observers.</summary>
    public IReadOnlyList<ObservedMember> Members { get; init; } = [];

    /// <summary>The committed dynamic configuration (getConfig), null when no member could answer.</summary>
    public EnsembleConfig? CommittedConfig { get; init; }

    /// <summary>The status currently stored on the resource.</summary>
    public ZkEnsembleStatus? Status { get; init; }

    public ObservedMember? Member(int id) => Members.FirstOrDefault(m => m.Id == id);

    public ObservedMember? Leader => Members.FirstOrDefault(m => m.Role == MemberRole.Leader);
}
