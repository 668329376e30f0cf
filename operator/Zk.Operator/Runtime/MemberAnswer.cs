using Zk.Operator.Core.Observed;

namespace Zk.Operator.Runtime;

/// <summary>What one member said to srvr.</summary>
/// <param name="Role">Its mode; <see cref="MemberRole.Unknown"/> when it did not answer or is not serving.</param>
/// <param name="Zxid">Last zxid it reported, 0 when unknown.</param>
/// <param name="Standalone">It runs without a quorum (Mode: standalone); reported as leader.</param>
public sealed record MemberAnswer(MemberRole Role, long Zxid, bool Standalone)
{
    public static readonly MemberAnswer NoAnswer = new(MemberRole.Unknown, 0, false);

    /// <summary>Serving in the quorum: the leader, or a learner that finished syncing with it.</summary>
    public bool Serving => Role != MemberRole.Unknown;
}
