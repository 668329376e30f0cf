using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Planning;

/// <summary>
/// The members that should have a pod: every server of the committed configuration and every ordinal below
/// its StatefulSet's current size. One without a pod (deleted and never recreated, say for lack of quota) is
/// missing: nothing else may restart or change membership while it is, and the status reports it.
/// </summary>
public static class ExpectedMembers
{
    /// <summary>Ids of expected members without a pod, ascending.</summary>
    public static IReadOnlyList<int> Missing(ObservedEnsemble observed)
    {
        var ids = new SortedSet<int>(observed.CommittedConfig?.Servers.Select(s => s.Id) ?? []);
        for (int ordinal = 0; ordinal < (observed.VoterStatefulSetReplicas ?? 0); ordinal++)
        {
            ids.Add(EnsembleNames.VoterId(ordinal));
        }

        for (int ordinal = 0; ordinal < (observed.ObserverStatefulSetReplicas ?? 0); ordinal++)
        {
            ids.Add(EnsembleNames.ObserverId(ordinal));
        }

        return [.. ids.Where(id => observed.Member(id) is null)];
    }
}
