namespace Zk.Operator.Kube.Models;

/// <summary>
/// The metav1.Condition update rule: one condition per type, and lastTransitionTime moves only
/// when the status flips, so "Ready since" stays meaningful while reason/message are refreshed.
/// </summary>
public static class Conditions
{
    /// <summary>Inserts or updates <paramref name="next"/> by type; returns true when anything changed.</summary>
    public static bool Set(List<Condition> conditions, Condition next)
    {
        var index = conditions.FindIndex(c => c.Type == next.Type);
        if (index < 0)
        {
            conditions.Add(next);
            return true;
        }

        var current = conditions[index];
        bool changed = current.Status != next.Status || current.Reason != next.Reason
            || current.Message != next.Message || current.ObservedGeneration != next.ObservedGeneration;
        if (!changed)
        {
            return false;
        }

        conditions[index] = new Condition
        {
            Type = next.Type,
            Status = next.Status,
            Reason = next.Reason,
            Message = next.Message,
            ObservedGeneration = next.ObservedGeneration,
            LastTransitionTime = current.Status == next.Status ? current.LastTransitionTime : next.LastTransitionTime,
        };
        return true;
    }

    public static Condition? Find(IEnumerable<Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IEnumerable<Condition>? conditions, string type) => Find(conditions, type)?.Status == "True";
}
