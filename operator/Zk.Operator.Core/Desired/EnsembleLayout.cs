using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// The moment-to-moment shape the objects are rendered for: how many pods each StatefulSet has now and
/// which servers the membership file lists. The spec says where to go; the layout says where we are, so
/// re-rendering never jumps ahead of the one-member-at-a-time plan.
/// </summary>
/// <param name="VoterPods">spec.replicas of the voters' StatefulSet.</param>
/// <param name="ObserverPods">spec.replicas of the observers' StatefulSet.</param>
/// <param name="Membership">Servers written to zoo.cfg.dynamic, ordered by id.</param>
public sealed record EnsembleLayout(int VoterPods, int ObserverPods, IReadOnlyList<ServerEntry> Membership)
{
    /// <summary>A new ensemble: every member created at once, all of them in the first configuration.</summary>
    public static EnsembleLayout Initial(EnsembleNames names, int voters, int observers) =>
        new(voters, observers, [.. Enumerable.Range(0, voters).Select(o => names.Server(EnsembleNames.VoterId(o))),
            .. Enumerable.Range(0, observers).Select(o => names.Server(EnsembleNames.ObserverId(o)))]);

    /// <summary>
    /// The layout of a running ensemble: current pod counts, and the committed configuration plus the
    /// members that are to join (every ordinal below the target not yet committed). The ConfigMap is
    /// applied before the StatefulSet grows, so a joining pod finds itself in its dynamic file from its
    /// first start. Without a committed configuration (bootstrap, or no quorum) it is the initial
    /// membership for the current pod counts.
    /// </summary>
    public static EnsembleLayout Current(
        EnsembleNames names, int targetVoters, int targetObservers, int voterPods, int observerPods, EnsembleConfig? committed)
    {
        if (committed is null)
        {
            var initial = Initial(names, Math.Min(voterPods, targetVoters), Math.Min(observerPods, targetObservers));
            return initial with { VoterPods = voterPods, ObserverPods = observerPods };
        }

        var servers = committed.Servers.ToDictionary(s => s.Id);
        for (int ordinal = 0; ordinal < targetVoters; ordinal++)
        {
            servers.TryAdd(EnsembleNames.VoterId(ordinal), names.Server(EnsembleNames.VoterId(ordinal)));
        }

        for (int ordinal = 0; ordinal < targetObservers; ordinal++)
        {
            servers.TryAdd(EnsembleNames.ObserverId(ordinal), names.Server(EnsembleNames.ObserverId(ordinal)));
        }

        return new(voterPods, observerPods, [.. servers.Values.OrderBy(s => s.Id)]);
    }
}
