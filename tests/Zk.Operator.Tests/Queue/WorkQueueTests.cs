using Zk.Operator.Queue;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Queue;

public sealed class WorkQueueTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_key_added_twice_before_it_is_taken_is_handed_out_once()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        queue.Add("ns/b");
        queue.Add("ns/a");

        Assert.Equal(2, queue.Depth);
        Assert.Equal("ns/a", await queue.TakeAsync());
        Assert.Equal("ns/b", await queue.TakeAsync());
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_key_added_while_it_is_processed_waits_until_done_and_then_comes_once()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        string? first = await queue.TakeAsync();

        queue.Add("ns/a");
        queue.Add("ns/a");
        var second = queue.TakeAsync();

        Assert.Equal(0, queue.Depth);
        Assert.False(second.IsCompleted, "a key in flight must not be handed to a second worker");

        queue.Done(first!);
        Assert.Equal("ns/a", await second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_key_not_added_again_while_processed_is_not_requeued_by_done()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        queue.Done((await queue.TakeAsync())!);

        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_waiting_taker_gets_the_next_added_key()
    {
        using var queue = NewQueue();
        var waiting = queue.TakeAsync();
        Assert.False(waiting.IsCompleted);

        queue.Add("ns/a");

        Assert.Equal("ns/a", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Backoff_doubles_with_each_failure_and_stops_at_the_cap()
    {
        using var queue = NewQueue(initial: TimeSpan.FromMilliseconds(100), max: TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 6).Select(_ => queue.AddRateLimited("ns/a").TotalMilliseconds).ToList();

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays);
        Assert.Equal(6, queue.Failures("ns/a"));
    }

    [Fact]
    public void Backoff_is_kept_per_key_and_forget_resets_it()
    {
        using var queue = NewQueue(initial: TimeSpan.FromMilliseconds(100), max: TimeSpan.FromSeconds(10));
        queue.AddRateLimited("ns/a");
        queue.AddRateLimited("ns/a");

        Assert.Equal(TimeSpan.FromMilliseconds(100), queue.AddRateLimited("ns/b"));

        queue.Forget("ns/a");
        Assert.Equal(TimeSpan.FromMilliseconds(100), queue.AddRateLimited("ns/a"));
    }

    [Fact]
    public void A_rate_limited_key_arrives_only_after_its_backoff()
    {
        using var queue = NewQueue(initial: TimeSpan.FromSeconds(1), max: TimeSpan.FromMinutes(1));
        queue.AddRateLimited("ns/a");
        queue.AddRateLimited("ns/a");

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Depth);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public void AddAfter_adds_the_key_once_the_delay_has_passed()
    {
        using var queue = NewQueue();
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, queue.Depth);
        Assert.Equal(1, queue.DelayedCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public void The_earliest_pending_AddAfter_wins_and_the_key_arrives_once()
    {
        using var queue = NewQueue();
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(2));
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Depth);

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public async Task Resync_adds_every_known_key_each_period()
    {
        using var queue = NewQueue();
        var keys = new List<string> { "ns/a", "ns/b" };
        using var resync = queue.StartResync(() => keys, TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, queue.Depth);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, queue.Depth);
        queue.Done((await queue.TakeAsync())!);
        queue.Done((await queue.TakeAsync())!);

        keys.Add("ns/c");
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, queue.Depth);
    }

    [Fact]
    public async Task Shutting_down_releases_waiting_takers_with_no_key()
    {
        var queue = NewQueue();
        var waiting = queue.TakeAsync();

        queue.ShutDown();

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(await queue.TakeAsync());
        queue.Add("ns/a");
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_cancelled_taker_does_not_swallow_a_later_key()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.TakeAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        queue.Add("ns/a");

        Assert.Equal(1, queue.Depth);
        Assert.Equal("ns/a", await queue.TakeAsync());
    }

    private WorkQueue NewQueue(TimeSpan? initial = null, TimeSpan? max = null) => new(new WorkQueueOptions
    {
        TimeProvider = _time,
        InitialBackoff = initial ?? TimeSpan.FromSeconds(1),
        MaxBackoff = max ?? TimeSpan.FromMinutes(5),
    });
}
