using System.Globalization;

namespace Zk.Operator.Core.Resources;

/// <summary>
/// Sets conditions the way meta.SetStatusCondition does: lastTransitionTime moves only when the status
/// flips, so "since when" stays meaningful across reconciles. Time is passed in (the core has no clock).
/// </summary>
public static class Conditions
{
    /// <summary>Adds or updates the condition of <paramref name="type"/>; returns true when anything changed.</summary>
    public static bool Set(
        List<Condition> conditions,
        string type,
        string status,
        string reason,
        string message,
        long observedGeneration,
        DateTimeOffset now)
    {
        var existing = conditions.Find(c => c.Type == type);
        if (existing is null)
        {
            conditions.Add(new Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = FormatTime(now),
            });
            return true;
        }

        bool changed = false;
        if (existing.Status != status)
        {
            existing.Status = status;
            existing.LastTransitionTime = FormatTime(now);
            changed = true;
        }

        if (existing.Reason != reason || existing.Message != message || existing.ObservedGeneration != observedGeneration)
        {
            existing.Reason = reason;
            existing.Message = message;
            existing.ObservedGeneration = observedGeneration;
            changed = true;
        }

        return changed;
    }

    public static Condition? Find(IEnumerable<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IEnumerable<Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.True;

    /// <summary>RFC 3339 in UTC with whole seconds, as metav1.Time serializes.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
