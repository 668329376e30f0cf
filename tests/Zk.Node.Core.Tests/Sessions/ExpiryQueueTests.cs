using Zk.Node.Core.Sessions;

namespace Zk.Node.Core.Tests.Sessions;

public sealed class ExpiryQueueTests
{
    [Fact]
    public void Deadlines_round_up_to_the_next_interval()
    {
        var queue = new ExpiryQueue<long>(2_000, 0);

        Assert.Equal(6_000, queue.Update(1, 4_000, 1));
        Assert.Equal(6_000, queue.Update(2, 4_000, 1_999));
        Assert.Equal(8_000, queue.Update(3, 4_000, 2_000));
    }

    [Fact]
    public void Poll_returns_nothing_early_and_every_due_bucket_once()
    {
        var queue = new ExpiryQueue<long>(2_000, 0);
        queue.Update(1, 4_000, 0);
        queue.Update(2, 6_000, 0);

        Assert.Empty(queue.Poll(5_999));
        Assert.Equal([1L, 2L], queue.Poll(9_000));
        Assert.Empty(queue.Poll(20_000));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_touch_moves_the_element_to_a_later_bucket()
    {
        var queue = new ExpiryQueue<long>(1_000, 0);
        queue.Update(1, 2_000, 0);
        queue.Update(1, 2_000, 1_500);

        Assert.Empty(queue.Poll(3_000));
        Assert.Equal([1L], queue.Poll(4_000));
    }

    [Fact]
    public void Session_ids_are_never_zero_nor_a_container_or_ttl_marker()
    {
        var ids = new SessionIds(1, 1_700_000_000_000);
        var seen = new HashSet<long>();
        for (int i = 0; i < 1000; i++)
        {
            long id = ids.Next();
            Assert.True(SessionIds.IsValid(id));
            Assert.True(seen.Add(id));
            Assert.Equal(1L, id >>> 56);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionIds(255, 0));
        Assert.False(SessionIds.IsValid(unchecked((long)0x8000000000000000UL)));
        Assert.False(SessionIds.IsValid(unchecked((long)0xff00000000000001UL)));
    }
}
