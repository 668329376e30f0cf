using System.Globalization;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Planning;

/// <summary>
/// Computes the status from an observation. Conditions start from the stored ones so that
/// lastTransitionTime survives unchanged statuses; the observation time is the only clock. Each member not
/// serving (or expected and missing) carries since when it has been so, kept from the stored status; past
/// spec.rollingUpdate.podReadyTimeoutSeconds the ensemble is Degraded with the pod named.
/// </summary>
public static class StatusBuilder
{
    /// <param name="next">The step about to run, if any: it becomes the Progressing message.</param>
    /// <param name="failure">The step that just failed, if any: it becomes the Degraded reason and message.</param>
    public static ZkEnsembleStatus Build(DesiredEnsemble desired, ObservedEnsemble observed, Step? next, StepFailure? failure = null)
    {
        var config = observed.CommittedConfig;
        var leader = observed.Leader;
        var voterIds = config?.Participants.Select(s => s.Id).ToList()
            ?? [.. observed.Members.Where(m => !EnsembleNames.IsObserverId(m.Id)).Select(m => m.Id)];
        int healthyVoters = voterIds.Count(id => observed.Member(id)?.Healthy == true);
        bool quorum = leader is not null && voterIds.Count > 0 && healthyVoters >= (voterIds.Count / 2) + 1;
        var phase = PhaseOf(desired, observed, quorum);

        var status = new ZkEnsembleStatus
        {
            ObservedGeneration = desired.Generation,
            Replicas = voterIds.Count,
            ReadyReplicas = healthyVoters,
            Observers = config?.Observers.Count() ?? observed.Members.Count(m => EnsembleNames.IsObserverId(m.Id)),
            Leader = leader?.PodName,
            Members = MembersOf(desired, observed),
            ConfigVersion = config?.VersionHex,
            Phase = phase,
            Selector = EnsembleLabels.VoterSelectorString(desired.Ensemble.Metadata.Name),
            Conditions = [.. (observed.Status?.Conditions ?? []).Select(c => c.Clone())],
        };

        long generation = desired.Generation;
        var now = observed.ObservedAt;
        var conditions = status.Conditions;

        Conditions.Set(
            conditions,
            ConditionTypes.Available,
            ConditionStatus.Of(quorum),
            quorum ? "QuorumAvailable" : "NoQuorum",
            quorum
                ? $"{healthyVoters} of {voterIds.Count} voters serving, leader {leader!.PodName}"
                : $"{healthyVoters} of {voterIds.Count} voters serving, {(voterIds.Count / 2) + 1} needed for a quorum",
            generation,
            now);

        bool progressing = phase is EnsemblePhase.Pending or EnsemblePhase.Creating or EnsemblePhase.Scaling or EnsemblePhase.Restarting
            || next is Step.ApplyObjects or Step.AddMember or Step.RemoveMember or Step.ScaleStatefulSet or Step.RestartPod;
        var (progressReason, progressMessage) = !desired.IsValid
            ? ("ValidationFailed", "nothing is changed until the spec is valid")
            : progressing
                ? (phase.ToString(), Capitalize(next?.Describe() ?? ProgressMessage(phase)))
                : ("Reconciled", "the ensemble matches the spec");
        Conditions.Set(
            conditions,
            ConditionTypes.Progressing,
            ConditionStatus.Of(progressing && desired.IsValid),
            progressReason,
            progressMessage,
            generation,
            now);

        var (degraded, reason, message) = failure is not null
            ? (true, failure.Reason, failure.Message)
            : DegradedOf(desired, observed, phase, quorum, status.Members);
        Conditions.Set(conditions, ConditionTypes.Degraded, ConditionStatus.Of(degraded), reason, message, generation, now);
        return status;
    }

    /// <summary>Equal in every field (conditions compared with their transition times, which are kept when unchanged).</summary>
    public static bool SameAs(ZkEnsembleStatus status, ZkEnsembleStatus? stored) =>
        stored is not null && ZkJson.ToJsonObject(status).ToJsonString() == ZkJson.ToJsonObject(stored).ToJsonString();

    private static EnsemblePhase PhaseOf(DesiredEnsemble desired, ObservedEnsemble observed, bool quorum)
    {
        if (!desired.IsValid)
        {
            return EnsemblePhase.Invalid;
        }

        if (observed.AppliedHashes.Count == 0)
        {
            return EnsemblePhase.Pending;
        }

        var config = observed.CommittedConfig;
        if (!quorum || config is null)
        {
            // Never had a quorum (no status yet, or still creating): creating; had one and lost it: degraded.
            return observed.Status?.Phase is null or EnsemblePhase.Pending or EnsemblePhase.Creating
                ? EnsemblePhase.Creating
                : EnsemblePhase.Degraded;
        }

        bool sizesMatch = config.Participants.Count() == desired.TargetVoters
            && config.Observers.Count() == desired.TargetObservers
            && (observed.VoterStatefulSetReplicas ?? 0) == desired.TargetVoters
            && (observed.ObserverStatefulSetReplicas ?? 0) == desired.TargetObservers;
        if (!sizesMatch)
        {
            return EnsemblePhase.Scaling;
        }

        if (RollingRestartPlan.Outdated(desired, observed).Count > 0)
        {
            return EnsemblePhase.Restarting;
        }

        return observed.Members.All(m => m.Healthy) && ExpectedMembers.Missing(observed).Count == 0 ? EnsemblePhase.Running : EnsemblePhase.Degraded;
    }

    /// <summary>Observed members plus expected ones without a pod, each not serving with its since-when.</summary>
    private static List<MemberStatus> MembersOf(DesiredEnsemble desired, ObservedEnsemble observed)
    {
        var stored = (observed.Status?.Members ?? []).ToDictionary(m => m.Name);
        string? SinceOf(string pod) => stored.GetValueOrDefault(pod)?.NotReadySince ?? Conditions.FormatTime(observed.ObservedAt);

        var present = observed.Members.Select(m =>
        {
            string role = m.Role.ToString().ToLowerInvariant();
            return new MemberStatus
            {
                Name = m.PodName,
                Id = m.Id,
                Role = role,
                Zxid = ZxidOf(m, role, stored.GetValueOrDefault(m.PodName)),
                Ready = m.Healthy,
                NotReadySince = m.Healthy ? null : SinceOf(m.PodName),
            };
        });
        var missing = ExpectedMembers.Missing(observed).Select(id => new MemberStatus
        {
            Name = desired.Names.PodForId(id),
            Id = id,
            Ready = false,
            Missing = true,
            NotReadySince = SinceOf(desired.Names.PodForId(id)),
        });
        return [.. present.Concat(missing).OrderBy(m => m.Id)];
    }

    /// <summary>
    /// The zxid to report: the stored one while the member keeps its role, readiness and epoch, else the observed one.
    /// The counter moves with every transaction (and our own getConfig sessions); reporting each move would make
    /// every reconcile a status write, and every status write another reconcile.
    /// </summary>
    private static string ZxidOf(ObservedMember member, string role, MemberStatus? stored)
    {
        string observed = "0x" + member.Zxid.ToString("x", CultureInfo.InvariantCulture);
        return stored is not null && stored.Role == role && stored.Ready == member.Healthy && stored.Missing is null
            && EpochOf(stored.Zxid) == member.Zxid >> 32
            ? stored.Zxid!
            : observed;

        static long? EpochOf(string? hex) =>
            hex is ['0', 'x', .. var digits] && long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long zxid)
                ? zxid >> 32
                : null;
    }

    private static (bool Degraded, string Reason, string Message) DegradedOf(
        DesiredEnsemble desired, ObservedEnsemble observed, EnsemblePhase phase, bool quorum, List<MemberStatus>? members)
    {
        if (!desired.IsValid)
        {
            return (true, "ValidationFailed", "spec is invalid, nothing was changed: " + string.Join("; ", desired.Errors));
        }

        int timeout = desired.Ensemble.Spec.RollingUpdate.PodReadyTimeoutSeconds;
        var stuck = (members ?? [])
            .Where(m => m.NotReadySince is not null
                && observed.ObservedAt - DateTimeOffset.Parse(m.NotReadySince, CultureInfo.InvariantCulture) >= TimeSpan.FromSeconds(timeout))
            .ToList();
        if (stuck.Count > 0)
        {
            var first = stuck[0];
            bool missing = first.Missing == true;
            string what = missing ? $"pod {first.Name} is expected but has not existed" : $"pod {first.Name} has not been ready and synced";
            string others = stuck.Count > 1 ? $" (also: {string.Join(", ", stuck.Skip(1).Select(m => m.Name))})" : string.Empty;
            return (true, missing ? "PodMissing" : "PodNotReady",
                $"{what} since {first.NotReadySince}, longer than spec.rollingUpdate.podReadyTimeoutSeconds ({timeout}s){others}; restarts and membership changes wait for it");
        }

        if (phase == EnsemblePhase.Degraded)
        {
            if (!quorum)
            {
                return (true, "QuorumLost", "the ensemble has no serving quorum");
            }

            var sick = observed.Members.Where(m => !m.Healthy).Select(m => m.PodName).ToList();
            var missing = ExpectedMembers.Missing(observed).Select(desired.Names.PodForId).ToList();
            return missing.Count > 0 && sick.Count == 0
                ? (true, "MembersMissing", "expected but without a pod: " + string.Join(", ", missing))
                : (true, "MembersNotReady", "not ready or not synced: " + string.Join(", ", sick.Concat(missing.Select(m => m + " (missing)"))));
        }

        return (false, "AsExpected", "no problems observed");
    }

    private static string ProgressMessage(EnsemblePhase phase) => phase switch
    {
        EnsemblePhase.Pending => "creating the ensemble's objects",
        EnsemblePhase.Creating => "waiting for the members to form a quorum",
        EnsemblePhase.Scaling => "changing membership one member at a time",
        EnsemblePhase.Restarting => "restarting members one at a time",
        _ => phase.ToString(),
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
