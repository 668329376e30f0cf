namespace Zk.Operator.Core.Observed;

/// <summary>
/// One existing member pod and what it answered.
/// </summary>
/// <param name="PodName">The pod, e.g. <c>zk-2</c>.</param>
/// <param name="Id">Its server id (myid), derived from the pod's ordinal.</param>
/// <param name="Role">Its mode from srvr/mntr.</param>
/// <param name="Zxid">Last zxid it reported (0 when unknown).</param>
/// <param name="Synced">Connected to the leader and caught up (the leader itself counts as synced).</param>
/// <param name="Ready">The pod's Ready condition.</param>
/// <param name="PodRevision">The pod template hash the pod was created from (annotation), null when missing.</param>
public sealed record ObservedMember(
    string PodName,
    int Id,
    MemberRole Role,
    long Zxid,
    bool Synced,
    bool Ready,
    string? PodRevision)
{
    /// <summary>Ready and synced: serving in the quorum.</summary>
    public bool Healthy => Ready && Synced && Role != MemberRole.Unknown;

    /// <summary>The uid of the pod observed; a delete carries it so it can only hit this incarnation.</summary>
    public string? Uid { get; init; }

    /// <summary>The pod has a deletionTimestamp: it is going, nothing may act on it, planning waits for it to go.</summary>
    public bool Terminating { get; init; }
}
