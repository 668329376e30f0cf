using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Tests.Resources;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Transition_time_moves_only_when_the_status_changes()
    {
        var conditions = new List<Condition>();
        Assert.True(Conditions.Set(conditions, "Available", ConditionStatus.True, "QuorumAvailable", "3 of 3", 1, T0));
        Assert.Equal("2025-01-01T00:00:00Z", conditions[0].LastTransitionTime);

        Assert.True(Conditions.Set(conditions, "Available", ConditionStatus.True, "QuorumAvailable", "2 of 3", 2, T0.AddMinutes(5)));
        Assert.Equal("2025-01-01T00:00:00Z", conditions[0].LastTransitionTime);
        Assert.Equal("2 of 3", conditions[0].Message);

        Assert.True(Conditions.Set(conditions, "Available", ConditionStatus.False, "NoQuorum", "1 of 3", 2, T0.AddMinutes(10)));
        Assert.Equal("2025-01-01T00:10:00Z", conditions[0].LastTransitionTime);
        Assert.Single(conditions);
    }

    [Fact]
    public void Setting_the_same_condition_again_reports_no_change()
    {
        var conditions = new List<Condition>();
        Conditions.Set(conditions, "Degraded", ConditionStatus.False, "AsExpected", "ok", 1, T0);
        Assert.False(Conditions.Set(conditions, "Degraded", ConditionStatus.False, "AsExpected", "ok", 1, T0.AddHours(1)));
        Assert.Equal("2025-01-01T00:00:00Z", conditions[0].LastTransitionTime);
    }

    [Fact]
    public void Times_are_written_in_utc_whatever_offset_they_come_with()
    {
        Assert.Equal("2025-01-01T00:00:00Z", Conditions.FormatTime(new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.FromHours(2))));
    }
}
