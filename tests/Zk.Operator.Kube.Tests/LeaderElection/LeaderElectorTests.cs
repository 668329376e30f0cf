using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Zk.Operator.Kube.Tests.Fake;

namespace Zk.Operator.Kube.Tests.LeaderElection;

/// <summary>
/// The official client's <see cref="LeaderElector"/> with a <see cref="LeaseLock"/> against the fake API
/// server, as the operator runs it. The elector reads the system clock, so these run in real time with short
/// durations (lease 2 s, renew deadline 1 s, retry 200 ms) and wait on conditions with generous deadlines.
/// </summary>
public sealed class LeaderElectorTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly List<IDisposable> _disposables = [];
    private readonly LeadershipLog _log = new(TimeProvider.System);
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
            stop.Dispose();
        }

        _disposables.ForEach(d => d.Dispose());
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task One_candidate_leads_and_the_other_takes_over_only_after_the_leader_stops_renewing()
    {
        var (a, stopA, runA) = Start("a");
        await Eventually.True(() => _log.IsLeading("a"), "a leads");
        var (b, _, _) = Start("b");
        await Eventually.True(() => b.GetLeader() == "a", "b sees a as the leader");

        Assert.False(_log.IsLeading("b"));
        Assert.Equal("a", Lease().Spec.HolderIdentity);

        // A stops without releasing: B must wait for the lease to run out on its own clock.
        await stopA.CancelAsync();
        await runA.WaitAsync(TimeSpan.FromSeconds(20));
        var stopped = DateTimeOffset.UtcNow;
        await Eventually.True(() => _log.IsLeading("b"), "b takes over", TimeSpan.FromSeconds(30));

        var takeover = _log.Entries.Last(e => e.Who == "b" && e.Started).At;
        Assert.True(takeover - stopped >= LeaseDuration - TimeSpan.FromMilliseconds(600), $"b took over {(takeover - stopped).TotalMilliseconds} ms after a stopped");
        Assert.Equal("b", Lease().Spec.HolderIdentity);
        Assert.Equal(1, Lease().Spec.LeaseTransitions);
        Assert.Equal(1, _log.MaxConcurrentLeaders);
        Assert.True(b.IsLeader());
    }

    [Fact]
    public async Task A_partitioned_leader_stops_leading_before_the_other_takes_over()
    {
        var partition = new PartitionHandler();
        var (_, _, runA) = Start("a", partition);
        await Eventually.True(() => _log.IsLeading("a"), "a leads");
        Start("b");
        await Eventually.True(() => Lease().Spec.HolderIdentity == "a" && _server.Requests.Any(r => r.StartsWith("GET", StringComparison.Ordinal)), "b has read the lease");

        partition.Partitioned = true;
        await runA.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => _log.IsLeading("b"), "b takes over", TimeSpan.FromSeconds(30));

        var stoppedA = _log.Entries.Single(e => e.Who == "a" && !e.Started).At;
        var startedB = _log.Entries.Single(e => e.Who == "b" && e.Started).At;
        Assert.True(stoppedA <= startedB, $"a stopped at {stoppedA:O}, b started at {startedB:O}");
        Assert.Equal(1, _log.MaxConcurrentLeaders);
        Assert.Equal("b", Lease().Spec.HolderIdentity);
    }

    [Fact]
    public async Task The_lease_is_created_in_the_configured_namespace_with_the_holder_and_duration()
    {
        Start("a");
        await Eventually.True(() => _log.IsLeading("a"), "a leads");

        var lease = Lease();
        Assert.Equal("a", lease.Spec.HolderIdentity);
        Assert.Equal((int)LeaseDuration.TotalSeconds, lease.Spec.LeaseDurationSeconds);
        Assert.NotNull(lease.Spec.RenewTime);
        Assert.Contains(_server.Requests, r => r.StartsWith("POST /apis/coordination.k8s.io/v1/namespaces/zk/leases", StringComparison.Ordinal));
    }

    private (LeaderElector Elector, CancellationTokenSource Stop, Task Run) Start(string identity, DelegatingHandler? handler = null)
    {
        var api = handler is null ? _server.CreateClient() : _server.CreateClient(new KubernetesApiOptions { MaxAttempts = 1 }, handler);
        _disposables.Add(api);
        var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(api.Client, "zk", "zk-operator", identity))
        {
            LeaseDuration = LeaseDuration,
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        _disposables.Add(elector);
        elector.OnStartedLeading += () => _log.Started(identity);
        elector.OnStoppedLeading += () => _log.Stopped(identity);
        var stop = new CancellationTokenSource();
        var run = Task.Run(async () =>
        {
            try
            {
                await elector.RunUntilLeadershipLostAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped by the test.
            }
        });
        _running.Add((stop, run));
        return (elector, stop, run);
    }

    private V1Lease Lease() =>
        (_server.Store.Peek(ResourceType.Lease, "zk", "zk-operator") ?? throw new InvalidOperationException("no lease")).As<V1Lease>()!;
}
