using Zk.Operator.Kube.LeaderElection;
using Zk.Operator.Kube.Models;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Kube.Tests.Support;

namespace Zk.Operator.Kube.Tests.LeaderElection;

/// <summary>
/// Two candidates against the fake API server in simulated time. After each step of the clock the
/// test waits until every running candidate is parked on its next timer, so each step completes
/// deterministically without sleeping.
/// </summary>
public sealed class LeaderElectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private readonly ManualTimeProvider _clock = new();
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly LeadershipLog _log;
    private FakeKubeApiServer _server = null!;
    private readonly List<IDisposable> _disposables = [];

    public LeaderElectorTests()
    {
        _log = new LeadershipLog(_clock);
    }

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            stop.Dispose();
        }

        _disposables.ForEach(d => d.Dispose());
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task One_candidate_leads_and_the_other_takes_over_only_after_the_lease_expires()
    {
        var (a, stopA) = Start("a", releaseOnCancel: false);
        await Settle(1);
        Start("b", releaseOnCancel: false);
        await Settle(2);
        await RunFor(TimeSpan.FromSeconds(30), running: 2);

        Assert.True(_log.IsLeading("a"));
        Assert.False(_log.IsLeading("b"));

        // A crashes without releasing: B must wait until renewTime + leaseDuration.
        await stopA.CancelAsync();
        await Settle(1);
        var lastRenew = Lease().Spec.RenewTime!.Value;
        var takeover = await RunUntil(() => _log.IsLeading("b"), TimeSpan.FromSeconds(40), running: 1);

        Assert.True(takeover >= lastRenew + TimeSpan.FromSeconds(15), $"took over at {takeover:O}, lease valid until {lastRenew.AddSeconds(15):O}");
        Assert.True(takeover <= lastRenew + TimeSpan.FromSeconds(15) + TimeSpan.FromSeconds(2) + Step);
        Assert.Equal("b", Lease().Spec.HolderIdentity);
        Assert.Equal(1, Lease().Spec.LeaseTransitions);
        Assert.Equal(1, _log.MaxConcurrentLeaders);
        Assert.Equal("a", a.ObservedLeader);
    }

    [Fact]
    public async Task A_leader_that_releases_on_cancel_lets_the_other_take_over_at_its_next_retry()
    {
        var (_, stopA) = Start("a", releaseOnCancel: true);
        await Settle(1);
        Start("b", releaseOnCancel: true);
        await Settle(2);
        await RunFor(TimeSpan.FromSeconds(3), running: 2);
        var released = _clock.GetUtcNow();

        await stopA.CancelAsync();
        await Eventually.True(() => _server.Store.Peek(ResourceType.Lease, "zk", "zk-operator")?["spec"]?["holderIdentity"] is null, "a released the lease");
        await Settle(1);
        var takeover = await RunUntil(() => _log.IsLeading("b"), TimeSpan.FromSeconds(10), running: 1);

        Assert.True(takeover - released <= TimeSpan.FromSeconds(2) + Step, $"took {takeover - released}");
        Assert.Equal(1, _log.MaxConcurrentLeaders);
    }

    [Fact]
    public async Task A_partitioned_leader_steps_down_before_the_other_can_take_over()
    {
        var partition = new PartitionHandler();
        Start("a", releaseOnCancel: false, handler: partition);
        await Settle(1);
        Start("b", releaseOnCancel: false);
        await Settle(2);
        await RunFor(TimeSpan.FromSeconds(4), running: 2);
        var lastRenew = Lease().Spec.RenewTime!.Value;

        partition.Partitioned = true;
        await RunUntil(() => _log.IsLeading("b"), TimeSpan.FromSeconds(40), running: 2);

        var aStopped = _log.Entries.Single(e => e is { Who: "a", Started: false }).At;
        var bStarted = _log.Entries.Single(e => e is { Who: "b", Started: true }).At;
        Assert.True(aStopped < bStarted);
        Assert.True(aStopped - lastRenew >= TimeSpan.FromSeconds(10), $"a stepped down {aStopped - lastRenew} after its last renewal");
        Assert.True(bStarted >= lastRenew + TimeSpan.FromSeconds(15));
        Assert.Equal(1, _log.MaxConcurrentLeaders);
    }

    [Fact]
    public async Task Of_two_candidates_racing_for_an_expired_lease_only_one_wins()
    {
        using var client = _server.CreateClient();
        var expired = new Lease
        {
            Metadata = new ObjectMeta { Name = "zk-operator", Namespace = "zk" },
            Spec = new LeaseSpec { HolderIdentity = "old", LeaseDurationSeconds = 15, RenewTime = _clock.GetUtcNow() - TimeSpan.FromMinutes(1), LeaseTransitions = 3 },
        };
        _server.Store.Seed(ResourceType.Lease, KubeObject.ToJsonObject(expired, KubeJsonContext.Default.Lease));
        var gated = new GatedReplaceApi(client);
        var slow = new LeaderElector(gated, Config("slow"), _clock);
        var fast = new LeaderElector(client, Config("fast"), _clock);

        var slowAttempt = slow.TryAcquireOrRenewAsync(CancellationToken.None);
        await gated.ReachedReplace.Task.WaitAsync(TimeSpan.FromSeconds(10));
        bool fastWon = await fast.TryAcquireOrRenewAsync(CancellationToken.None);
        gated.Gate.SetResult();
        bool slowWon = await slowAttempt.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(fastWon);
        Assert.False(slowWon);
        Assert.IsType<ConflictException>(slow.LastError);
        Assert.Equal("fast", Lease().Spec.HolderIdentity);
        Assert.Equal(4, Lease().Spec.LeaseTransitions);
    }

    [Theory]
    [InlineData(10, 10, 2)]
    [InlineData(15, 2, 2)]
    [InlineData(15, 10, 0)]
    public void Inconsistent_timings_are_rejected(int leaseSeconds, int renewSeconds, int retrySeconds)
    {
        var config = Config("a") with
        {
            LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
            RenewDeadline = TimeSpan.FromSeconds(renewSeconds),
            RetryPeriod = TimeSpan.FromSeconds(retrySeconds),
        };

        Assert.Throws<ArgumentException>(() => new LeaderElector(new GatedReplaceApi(null!), config, _clock));
    }

    private static LeaderElectionConfig Config(string identity, bool releaseOnCancel = true) => new()
    {
        LeaseName = "zk-operator",
        LeaseNamespace = "zk",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromSeconds(2),
        ReleaseOnCancel = releaseOnCancel,
    };

    private (LeaderElector Elector, CancellationTokenSource Stop) Start(string identity, bool releaseOnCancel, HttpMessageHandler? handler = null)
    {
        var client = _server.CreateClient(new KubeApiClientOptions { MaxAttempts = 1 }, handler);
        _disposables.Add(client);
        var elector = new LeaderElector(client, Config(identity, releaseOnCancel), _clock);
        elector.OnStartedLeading += _ => _log.Started(identity);
        elector.OnStoppedLeading += () => _log.Stopped(identity);
        var stop = new CancellationTokenSource();

        // Like the operator: campaign again after losing leadership, until shut down.
        var run = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await elector.RunAsync(stop.Token);
            }
        });
        _running.Add((stop, run));
        return (elector, stop);
    }

    /// <summary>Waits until every running candidate is parked on a timer, i.e. the current instant is fully processed.</summary>
    private Task Settle(int running) => Eventually.True(() => _clock.ActiveTimers == running, $"{running} candidate(s) waiting on the clock");

    private async Task RunFor(TimeSpan duration, int running)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            _clock.Advance(Step);
            await Settle(running);
        }
    }

    /// <summary>Steps the clock until <paramref name="condition"/> holds; returns the simulated time it first held.</summary>
    private async Task<DateTimeOffset> RunUntil(Func<bool> condition, TimeSpan limit, int running)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < limit; elapsed += Step)
        {
            _clock.Advance(Step);
            await Settle(running);
            if (condition())
            {
                return _clock.GetUtcNow();
            }
        }

        Assert.Fail($"condition not reached within {limit} of simulated time");
        return default;
    }

    private Lease Lease() =>
        (_server.Store.Peek(ResourceType.Lease, "zk", "zk-operator") ?? throw new InvalidOperationException("no lease")).As(KubeJsonContext.Default.Lease)!;
}
