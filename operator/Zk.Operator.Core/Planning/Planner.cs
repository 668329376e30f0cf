using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Planning;

/// <summary>
/// Decides the single next step from the desired and the observed state, in a fixed priority:
/// <list type="number">
/// <item>an invalid spec changes nothing, it is only reported;</item>
/// <item>owned objects that are missing or differ are applied;</item>
/// <item>without a leader and a committed configuration nothing else is safe, so wait (pods stuck
///   on an outdated template are restarted, there is no quorum to lose);</item>
/// <item>membership moves one member at a time (<see cref="ScalePlan"/>);</item>
/// <item>outdated pods restart one at a time, leader last (<see cref="RollingRestartPlan"/>);</item>
/// <item>the status is brought up to date; then Done.</item>
/// </list>
/// Pure: the same inputs always give the same step, which is what makes it table-testable.
/// </summary>
public static class Planner
{
    public static Step Next(DesiredEnsemble desired, ObservedEnsemble observed)
    {
        if (!desired.IsValid)
        {
            var invalid = StatusBuilder.Build(desired, observed, null);
            return StatusBuilder.SameAs(invalid, observed.Status)
                ? new Step.WaitFor("a valid spec: " + string.Join("; ", desired.Errors))
                : new Step.UpdateStatus(invalid);
        }

        var layout = LayoutFor(desired, observed);
        var objects = desired.Render(layout);
        var stale = objects.All
            .Where(o => !observed.AppliedHashes.TryGetValue(ObjectKeys.Of(o), out string? hash) || hash != ObjectHash.Read(o))
            .ToList();
        if (stale.Count > 0)
        {
            return new Step.ApplyObjects(stale);
        }

        var config = observed.CommittedConfig;
        var leader = observed.Leader;
        if (config is null || leader is null)
        {
            return RollingRestartPlan.RecoverWithoutQuorum(desired, observed)
                ?? new Step.WaitFor(config is null
                    ? "the members to elect a leader and report the committed configuration"
                    : "a leader to be elected");
        }

        var step = ScalePlan.Next(desired, observed, config, leader, layout)
            ?? RollingRestartPlan.Next(desired, observed, config, leader);
        if (step is not null)
        {
            return step;
        }

        if (ExpectedMembers.Missing(observed) is [int missing, ..])
        {
            return new Step.WaitFor($"pod {desired.Names.PodForId(missing)} to be created");
        }

        if (observed.Members.FirstOrDefault(m => !m.Healthy) is { } unhealthy)
        {
            return new Step.WaitFor($"pod {unhealthy.PodName} to become ready and synced");
        }

        var status = StatusBuilder.Build(desired, observed, null);
        return StatusBuilder.SameAs(status, observed.Status) ? new Step.Done() : new Step.UpdateStatus(status);
    }

    /// <summary>Where the ensemble is now, for rendering: current pod counts and committed-plus-joining membership.</summary>
    public static EnsembleLayout LayoutFor(DesiredEnsemble desired, ObservedEnsemble observed)
    {
        var committed = observed.CommittedConfig;

        // A missing StatefulSet is created at the target size for a new ensemble, but at the committed
        // size for a running one (observers added later start at zero and grow one at a time).
        int voterPods = observed.VoterStatefulSetReplicas
            ?? (committed is null ? desired.TargetVoters : committed.Participants.Count());
        int observerPods = observed.ObserverStatefulSetReplicas
            ?? (committed is null ? desired.TargetObservers : committed.Observers.Count());
        return EnsembleLayout.Current(desired.Names, desired.TargetVoters, desired.TargetObservers, voterPods, observerPods, committed);
    }
}
