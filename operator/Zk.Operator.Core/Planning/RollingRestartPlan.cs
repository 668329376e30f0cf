using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Planning;

/// <summary>
/// Restarts pods whose template hash differs from the desired one (image, config, pod settings or a
/// new restartRequestedAt), one at a time: followers from the highest ordinal down, then observers,
/// the leader last so it changes hands once. Only while every member is ready, every voter is synced,
/// and the voters left would still form a quorum.
/// </summary>
internal static class RollingRestartPlan
{
    public static Step? Next(DesiredEnsemble desired, ObservedEnsemble observed, EnsembleConfig config, ObservedMember leader)
    {
        var outdated = Outdated(desired, observed);
        if (outdated.Count == 0)
        {
            return null;
        }

        if (ExpectedMembers.Missing(observed) is [int missing, ..])
        {
            return new Step.WaitFor($"pod {desired.Names.PodForId(missing)} to be created again before the next restart");
        }

        if (observed.Members.FirstOrDefault(m => !m.Healthy) is { } busy)
        {
            return new Step.WaitFor($"pod {busy.PodName} to be ready and synced before the next restart");
        }

        var voters = config.Participants.Select(s => s.Id).ToList();
        int healthyVoters = voters.Count(id => observed.Member(id)?.Healthy == true);
        int quorum = (voters.Count / 2) + 1;

        // A single voter cannot keep a quorum through its own restart; it restarts anyway or never updates.
        bool restartingAVoterKeepsQuorum = voters.Count == 1 || healthyVoters - 1 >= quorum;

        var ordered = outdated
            .OrderBy(m => m.Id == leader.Id ? 2 : EnsembleNames.IsObserverId(m.Id) ? 1 : 0)
            .ThenByDescending(m => m.Id)
            .ToList();
        foreach (var member in ordered)
        {
            bool isVoter = voters.Contains(member.Id);
            if (!isVoter || restartingAVoterKeepsQuorum)
            {
                return new Step.RestartPod(member.PodName, member.Uid);
            }
        }

        return new Step.WaitFor($"restarting a voter would lose the quorum ({healthyVoters} of {voters.Count} voters synced, {quorum} needed)");
    }

    /// <summary>
    /// Without a quorum there is nothing to protect: pods that are not ready and were created from an
    /// outdated template restart, otherwise a fixed spec (say, a corrected image) would never reach them.
    /// A pod still Terminating is not restarted again: it is waited for (a leader's pod going away is exactly
    /// when no committed configuration can be read, and deleting it again would hit its successor).
    /// </summary>
    public static Step? RecoverWithoutQuorum(DesiredEnsemble desired, ObservedEnsemble observed)
    {
        if (observed.Members.FirstOrDefault(m => m.Terminating) is { } going)
        {
            return new Step.WaitFor($"pod {going.PodName} to finish terminating");
        }

        var stuck = Outdated(desired, observed).Where(m => !m.Ready).OrderByDescending(m => m.Id).FirstOrDefault();
        return stuck is null ? null : new Step.RestartPod(stuck.PodName, stuck.Uid);
    }

    /// <summary>Members created from an outdated template; a Terminating pod is already on its way out, so never one.</summary>
    public static List<ObservedMember> Outdated(DesiredEnsemble desired, ObservedEnsemble observed) =>
        [.. observed.Members.Where(m => !m.Terminating && m.PodRevision != desired.TemplateHashFor(m.Id))];
}
