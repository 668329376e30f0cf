using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Checkers;

public sealed class CheckerTests
{
    [Fact]
    public void Two_leaders_established_in_one_epoch_are_a_violation()
    {
        var checker = new EstablishedLeaderChecker();
        checker.Established(1, 3, 10);
        checker.Established(1, 3, 11);
        checker.Established(2, 1, 12);

        var violation = Assert.Throws<InvariantViolation>(() => checker.Established(2, 2, 13));
        Assert.Equal("one established leader per epoch", violation.Invariant);
        Assert.Equal(13, violation.Tick);
    }

    [Fact]
    public void Logs_that_are_prefixes_of_each_other_agree_and_diverging_logs_do_not()
    {
        var agreeing = new Dictionary<long, IReadOnlyList<string>> { [1] = ["a", "b", "c"], [2] = ["a", "b"], [3] = [] };
        CommittedPrefixChecker.Check(agreeing, 1);

        var diverging = new Dictionary<long, IReadOnlyList<string>> { [1] = ["a", "b", "c"], [2] = ["a", "x"] };
        var violation = Assert.Throws<InvariantViolation>(() => CommittedPrefixChecker.Check(diverging, 2));
        Assert.Contains("index 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_acknowledged_write_missing_from_the_committed_log_is_a_violation()
    {
        var checker = new AcknowledgedWritesChecker<long>();
        checker.Acknowledged(0x100000001);
        checker.Acknowledged(0x100000002);
        checker.Check([0x100000001, 0x100000002, 0x100000003], 5);

        Assert.Throws<InvariantViolation>(() => checker.Check([0x100000001, 0x100000003], 6));
    }
}
