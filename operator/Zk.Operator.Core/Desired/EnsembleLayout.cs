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
    /// The layout of a running ensemble: current pod counts, and the committed configuration plus at most one
    /// joiner: the member the scale plan adds next (the lowest missing voter ordinal, or once the voters are at
    /// their target, the lowest missing observer ordinal). ZooKeeper admits one joiner at a time, so listing every
    /// pending member as a participant would let a later joiner count itself in a quorum that does not know it.
    /// The ConfigMap is applied before the StatefulSet grows, so the joining pod finds itself in its dynamic file
    /// from its first start. Without a committed configuration (bootstrap, or no quorum) it is the initial
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
        if (NextJoiner(committed, targetVoters, targetObservers) is int joiner)
        {
            servers.TryAdd(joiner, names.Server(joiner));
        }

        return new(voterPods, observerPods, [.. servers.Values.OrderBy(s => s.Id)]);
    }

    /// <summary>The id the scale plan adds next, as it chooses it; null when no member is to join.</summary>
    public static int? NextJoiner(EnsembleConfig committed, int targetVoters, int targetObservers)
    {
        var voters = committed.Participants.Select(s => s.Id).ToHashSet();
        if (voters.Count < targetVoters)
        {
            return Enumerable.Range(0, targetVoters).Select(EnsembleNames.VoterId).First(id => !voters.Contains(id));
        }

        var observers = committed.Observers.Select(s => s.Id).ToHashSet();
        if (voters.Count == targetVoters && observers.Count < targetObservers)
        {
            return Enumerable.Range(0, targetObservers).Select(EnsembleNames.ObserverId).First(id => !observers.Contains(id));
        }

        return null;
    }
}
