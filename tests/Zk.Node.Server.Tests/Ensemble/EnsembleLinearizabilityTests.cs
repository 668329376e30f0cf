using System.Collections.Concurrent;
using Zk.Node.Server.Tests.Ensemble.Linearizability;
using Zk.Node.Server.Tests.Ensemble.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>Concurrent clients on every member keep one register linearizable while the leader and then a follower are killed and restarted.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleLinearizabilityTests
{
    [Fact]
    public async Task Reads_writes_and_compare_and_set_on_one_register_stay_linearizable_while_members_are_killed()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        await Kazoo.RunAsync(ensemble.Hosts, """zk.create("/register", b"init")""");
        var history = new ConcurrentQueue<RegisterOp>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(() => new RegisterClient(c, ensemble, "/register", history).RunAsync(stop.Token))).ToList();

        await MoreOpsAsync(history, 40);
        var leader = await ensemble.LeaderAsync();
        leader.Kill();
        await ensemble.WaitUntilServingAsync(ensemble.Members.Where(m => m != leader));
        await MoreOpsAsync(history, 40);
        leader.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        var follower = ensemble.Members.First(m => m != leader && m.IsRunning);
        var newLeader = await ensemble.LeaderAsync();
        if (follower == newLeader)
        {
            follower = ensemble.Members.First(m => m != newLeader);
        }

        follower.Kill();
        await MoreOpsAsync(history, 40);
        follower.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await MoreOpsAsync(history, 40);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var ops = history.ToList();
        Assert.True(ops.Count(o => o.IsKnown) >= 160, $"{ops.Count} ops");
        Assert.Contains(ops, o => o.Kind == RegisterOpKind.Read);
        Assert.Contains(ops, o => o.Kind == RegisterOpKind.CompareAndSet && o.IsKnown && o.Succeeded);
        Assert.Contains(ops, o => o.Kind == RegisterOpKind.Write && o.IsKnown);
        Assert.True(LinearizabilityChecker.Check(ops, new RegisterState("init", 0), out string why), why);
    }

    /// <summary>Waits until clients have recorded <paramref name="count"/> more answered ops.</summary>
    private static async Task MoreOpsAsync(ConcurrentQueue<RegisterOp> history, int count)
    {
        int target = history.Count(o => o.IsKnown) + count;
        await Deadline.UntilAsync(() => Task.FromResult(history.Count(o => o.IsKnown) >= target), TimeSpan.FromSeconds(30), $"{count} more answered ops");
    }
}
