namespace Zk.Node.Server.Tests.Ensemble.Linearizability;

/// <summary>The checker against small histories whose verdict is known by hand (W&amp;G's examples, adapted to a register with versions).</summary>
public sealed class LinearizabilityCheckerTests
{
    private static readonly RegisterState Initial = new("init", 0);

    [Fact]
    public void Sequential_writes_and_reads_in_order_are_linearizable()
    {
        var history = new[]
        {
            RegisterOp.Write(1, 0, 10, "a", 1),
            RegisterOp.Read(2, 20, 30, "a", 1),
            RegisterOp.CompareAndSet(1, 40, 50, expected: 1, "b", succeeded: true, 2),
            RegisterOp.Read(2, 60, 70, "b", 2),
        };
        Assert.True(LinearizabilityChecker.Check(history, Initial, out string why), why);
    }

    [Fact]
    public void A_read_of_a_value_overwritten_before_the_read_began_is_not_linearizable()
    {
        var history = new[]
        {
            RegisterOp.Write(1, 0, 10, "a", 1),
            RegisterOp.Write(1, 20, 30, "b", 2),
            RegisterOp.Read(2, 40, 50, "a", 1),
        };
        Assert.False(LinearizabilityChecker.Check(history, Initial, out string why));
        Assert.Contains("c2 read -> (a, v1)", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_ops_may_take_effect_in_either_order()
    {
        // The writes overlap each other and the reads; the reads are consistent with b taking effect before a.
        var history = new[]
        {
            RegisterOp.Write(1, 0, 100, "a", 2),
            RegisterOp.Write(2, 0, 100, "b", 1),
            RegisterOp.Read(3, 10, 20, "b", 1),
            RegisterOp.Read(4, 50, 120, "a", 2),
        };
        Assert.True(LinearizabilityChecker.Check(history, Initial, out string why), why);
    }

    [Fact]
    public void Reading_the_older_of_two_concurrent_writes_after_the_newer_was_seen_is_not_linearizable()
    {
        // The versions say b came first, then a; once c3 saw a, c4 may not see b any more.
        var history = new[]
        {
            RegisterOp.Write(1, 0, 100, "a", 2),
            RegisterOp.Write(2, 0, 100, "b", 1),
            RegisterOp.Read(3, 110, 120, "a", 2),
            RegisterOp.Read(4, 130, 140, "b", 1),
        };
        Assert.False(LinearizabilityChecker.Check(history, Initial, out _));
    }

    [Fact]
    public void An_acknowledged_write_that_later_reads_never_see_is_a_lost_write()
    {
        var history = new[]
        {
            RegisterOp.Write(1, 0, 10, "a", 1),
            RegisterOp.Read(2, 20, 30, "init", 0),
        };
        Assert.False(LinearizabilityChecker.Check(history, Initial, out _));
    }

    [Fact]
    public void An_unanswered_write_may_have_happened_or_not()
    {
        var applied = new[]
        {
            RegisterOp.Write(1, 0, null, "lost?"),
            RegisterOp.Read(2, 20, 30, "lost?", 1),
        };
        var notApplied = new[]
        {
            RegisterOp.Write(1, 0, null, "lost?"),
            RegisterOp.Read(2, 20, 30, "init", 0),
            RegisterOp.Write(2, 40, 50, "c", 1),
        };
        Assert.True(LinearizabilityChecker.Check(applied, Initial, out string why1), why1);
        Assert.True(LinearizabilityChecker.Check(notApplied, Initial, out string why2), why2);
    }

    [Fact]
    public void An_unanswered_write_cannot_take_effect_before_it_was_invoked()
    {
        var history = new[]
        {
            RegisterOp.Read(2, 0, 10, "late", 1),
            RegisterOp.Write(1, 20, null, "late"),
        };
        Assert.False(LinearizabilityChecker.Check(history, Initial, out _));
    }

    [Fact]
    public void Compare_and_set_succeeds_only_at_the_expected_version_and_fails_otherwise()
    {
        var wrongSuccess = new[]
        {
            RegisterOp.Write(1, 0, 10, "a", 1),
            RegisterOp.CompareAndSet(2, 20, 30, expected: 0, "b", succeeded: true, 1),
        };
        var rightFailure = new[]
        {
            RegisterOp.Write(1, 0, 10, "a", 1),
            RegisterOp.CompareAndSet(2, 20, 30, expected: 0, "b", succeeded: false),
            RegisterOp.Read(3, 40, 50, "a", 1),
        };
        var wrongFailure = new[]
        {
            RegisterOp.CompareAndSet(2, 20, 30, expected: 0, "b", succeeded: false),
        };
        Assert.False(LinearizabilityChecker.Check(wrongSuccess, Initial, out _));
        Assert.True(LinearizabilityChecker.Check(rightFailure, Initial, out string why), why);
        Assert.False(LinearizabilityChecker.Check(wrongFailure, Initial, out _));
    }

    [Fact]
    public void A_long_history_of_many_concurrent_clients_checks_quickly()
    {
        // 6 clients each doing 40 writes, all pairwise overlapping in rounds, with reads confirming a round order.
        var history = new List<RegisterOp>();
        int version = 0;
        long t = 0;
        for (int round = 0; round < 40; round++)
        {
            for (int c = 0; c < 6; c++)
            {
                history.Add(RegisterOp.Write(c, t, t + 100, $"r{round}c{c}", version + c + 1));
            }

            version += 6;
            history.Add(RegisterOp.Read(9, t + 110, t + 120, $"r{round}c5", version));
            t += 200;
        }

        Assert.True(LinearizabilityChecker.Check(history, Initial, out string why), why);
    }
}
