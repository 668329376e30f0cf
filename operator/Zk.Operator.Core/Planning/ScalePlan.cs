using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Planning;

/// <summary>
/// Membership changes, one member at a time, each confirmed committed (seen in getConfig) before the
/// next. Scale up: grow the StatefulSet by one, wait until the new pod serves as a synced non-voting
/// member, then reconfig it in. Scale down: reconfig out the highest ordinal (but not the leader while
/// another surplus member can go first), then shrink the StatefulSet past the removed members.
/// </summary>
internal static class ScalePlan
{
    public static Step? Next(DesiredEnsemble desired, ObservedEnsemble observed, EnsembleConfig config, ObservedMember leader, EnsembleLayout layout)
    {
        var voters = config.Participants.Select(s => s.Id).Order().ToList();
        var observers = config.Observers.Select(s => s.Id).Order().ToList();

        return Grow(desired, observed, voters, desired.TargetVoters, EnsembleNames.VoterId, desired.Names.VotersStatefulSet, layout.VoterPods, voters)
            ?? Shrink(observed, voters, desired.TargetVoters, EnsembleNames.VoterId, leader, voters)
            ?? ShrinkStatefulSet(desired.Names.VotersStatefulSet, layout.VoterPods, voters, desired.TargetVoters)
            ?? Grow(desired, observed, observers, desired.TargetObservers, EnsembleNames.ObserverId, desired.Names.ObserversStatefulSet, layout.ObserverPods, voters)
            ?? Shrink(observed, observers, desired.TargetObservers, EnsembleNames.ObserverId, leader, voters)
            ?? ShrinkStatefulSet(desired.Names.ObserversStatefulSet, layout.ObserverPods, observers, desired.TargetObservers);
    }

    private static Step? Grow(
        DesiredEnsemble desired,
        ObservedEnsemble observed,
        List<int> committed,
        int target,
        Func<int, int> idOf,
        string statefulSet,
        int pods,
        List<int> committedVoters)
    {
        if (committed.Count >= target)
        {
            return null;
        }

        // Fill the lowest missing ordinal so the StatefulSet stays dense.
        int ordinal = Enumerable.Range(0, target).First(o => !committed.Contains(idOf(o)));
        int id = idOf(ordinal);
        string pod = desired.Names.PodForId(id);

        if (UnhealthyVoter(observed, committedVoters) is { } sick)
        {
            return new Step.WaitFor($"voter {sick} to be synced before adding server.{id}");
        }

        if (pods < ordinal + 1)
        {
            return new Step.ScaleStatefulSet(statefulSet, ordinal + 1);
        }

        var member = observed.Member(id);
        if (member is null || !member.Healthy)
        {
            return new Step.WaitFor($"pod {pod} to start and sync as a non-voting member");
        }

        return new Step.AddMember(desired.Names.Server(id));
    }

    private static Step? Shrink(
        ObservedEnsemble observed,
        List<int> committed,
        int target,
        Func<int, int> idOf,
        ObservedMember leader,
        List<int> committedVoters)
    {
        if (committed.Count <= target)
        {
            return null;
        }

        var surplus = committed.Where(id => EnsembleNames.OrdinalOf(id) >= target).OrderDescending().ToList();
        if (surplus.Count == 0)
        {
            // Gaps below the target (a member removed by hand): never remove a low ordinal, wait for a human.
            return new Step.WaitFor($"the configuration to have members only below ordinal {target}; it lists {string.Join(",", committed)}");
        }

        int victim = surplus.FirstOrDefault(id => id != leader.Id, surplus[0]);

        // The remaining voters must still hold a synced quorum of the new configuration.
        var remaining = committedVoters.Where(id => id != victim).ToList();
        int healthy = remaining.Count(id => observed.Member(id)?.Healthy == true);
        if (healthy < (remaining.Count / 2) + 1)
        {
            return new Step.WaitFor($"a synced quorum of the remaining voters before removing server.{victim} ({healthy} of {remaining.Count} synced)");
        }

        return new Step.RemoveMember(victim);
    }

    /// <summary>Shrinks a StatefulSet only past members that are no longer in the configuration.</summary>
    private static Step.ScaleStatefulSet? ShrinkStatefulSet(string statefulSet, int pods, List<int> committed, int target)
    {
        int needed = Math.Max(target, committed.Count == 0 ? 0 : committed.Max(EnsembleNames.OrdinalOf) + 1);
        return pods > needed ? new Step.ScaleStatefulSet(statefulSet, needed) : null;
    }

    private static string? UnhealthyVoter(ObservedEnsemble observed, List<int> committedVoters)
    {
        foreach (int id in committedVoters)
        {
            var member = observed.Member(id);
            if (member is null || !member.Healthy)
            {
                return member?.PodName ?? $"server.{id}";
            }
        }

        return null;
    }
}
