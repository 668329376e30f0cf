using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Controller;

/// <summary>
/// Each status write comes back as a watch event that reconciles again; a status that differs on every reconcile
/// (moving zxids, fresh timestamps) is written every time, a hot loop of writes every 15–50 ms while Progressing.
/// Here the test plays the watch: it reconciles the stored object again after every reconcile, with the members'
/// zxids moving and the clock running, and counts the controller's status writes.
/// </summary>
public sealed class StatusWriteTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryEnsembleStore _objects = new(JsonLog.Null);
    private readonly StatusWriteCounter _store;
    private readonly ScriptedWorld _world;
    private readonly ZkEnsembleController _controller;
    private long _zxid = 0x100000000;

    public StatusWriteTests()
    {
        _store = new StatusWriteCounter(_objects);
        _world = new ScriptedWorld(_time);
        _controller = new ZkEnsembleController(_world, _store, _time, JsonLog.Null);
    }

    [Fact]
    public async Task A_progressing_ensemble_whose_members_only_move_their_zxids_gets_its_status_written_once_not_on_every_reconcile()
    {
        var desired = Put(replicas: 5);

        // Scaling 3 -> 5: the fourth pod exists but is not ready, so the ensemble waits, Progressing, for it.
        _world.Voters = [1, 2, 3];
        _world.VoterPods = 4;
        SetMembers(desired, readyFourth: false);
        await ReconcileAsync();
        Assert.Equal(1, _store.StatusWrites);
        Assert.True(Conditions.IsTrue(Status().Conditions, ConditionTypes.Progressing));

        int unchanged = await ReconcileRepeatedlyAsync(desired, times: 100, readyFourth: false);

        Assert.Equal(0, unchanged);
        Assert.Equal(EnsemblePhase.Scaling, Status().Phase);

        // A real change (the fourth member syncs) is one write, and the reconciles after it none.
        int afterReady = await ReconcileRepeatedlyAsync(desired, times: 50, readyFourth: true);

        Assert.Equal(1, afterReady);
        Assert.True(Status().Members!.Single(m => m.Name == "zk-3").Ready);
    }

    [Fact]
    public async Task The_zxid_in_the_status_follows_a_new_epoch_and_a_role_change()
    {
        var desired = Put(replicas: 3);
        _world.Voters = [1, 2, 3];
        _world.VoterPods = 3;
        _world.Members = [.. Enumerable.Range(1, 3).Select(id => ScriptedWorld.Member(desired, id, id == 1 ? MemberRole.Leader : MemberRole.Follower, 0x100000005))];
        await ReconcileAsync();

        _world.Members = [.. Enumerable.Range(1, 3).Select(id => ScriptedWorld.Member(desired, id, id == 2 ? MemberRole.Leader : MemberRole.Follower, 0x200000000))];
        await ReconcileAsync();

        var members = Status().Members!;
        Assert.All(members, m => Assert.Equal("0x200000000", m.Zxid));
        Assert.Equal("leader", members.Single(m => m.Name == "zk-1").Role);
        Assert.Equal("zk-1", Status().Leader);
    }

    [Fact]
    public async Task After_scaling_down_the_status_lists_only_the_remaining_members_once_the_old_pods_are_gone()
    {
        var five = Put(replicas: 5);
        _world.Voters = [1, 2, 3, 4, 5];
        _world.VoterPods = 5;
        _world.Members = [.. Enumerable.Range(1, 5).Select(id => ScriptedWorld.Member(five, id, id == 1 ? MemberRole.Leader : MemberRole.Follower, _zxid))];
        await ReconcileAsync();
        Assert.Equal(5, Status().Members!.Count);

        // Scaled down: the configuration and the StatefulSet hold three, the old pods are still terminating...
        var three = Put(replicas: 3);
        _world.Voters = [1, 2, 3];
        _world.VoterPods = 3;
        _world.Members = [.. _world.Members.Select(m => m.Id > 3 ? m with { Ready = false, Terminating = true } : m)];
        await ReconcileAsync();

        // ...and then gone. Nothing about the ZkEnsemble object changed; only the world did.
        _world.Members = [.. _world.Members.Where(m => m.Id <= 3)];
        await ReconcileAsync();
        await ReconcileAsync();

        var status = Status();
        Assert.Equal(["zk-0", "zk-1", "zk-2"], status.Members!.Select(m => m.Name));
        Assert.Equal(3, status.Replicas);
        Assert.Equal(EnsemblePhase.Running, status.Phase);
        Assert.True(Conditions.IsTrue(status.Conditions, ConditionTypes.Available));
        Assert.Equal(three.Generation, status.ObservedGeneration);
    }

    private DesiredEnsemble Put(int replicas)
    {
        var stored = _objects.Put(new ZkEnsemble
        {
            Metadata = new Core.Resources.ObjectMeta { Name = "zk", Namespace = "zk" },
            Spec = new ZkEnsembleSpec { Replicas = replicas },
        }.ToJsonObject());
        return DesiredEnsemble.From(ZkEnsemble.FromJson(stored));
    }

    /// <summary>Three serving voters (zk-0 leads) and a fourth pod; every observation carries newer zxids.</summary>
    private void SetMembers(DesiredEnsemble desired, bool readyFourth)
    {
        _zxid += 7;
        _world.Members =
        [
            ScriptedWorld.Member(desired, 1, MemberRole.Leader, _zxid),
            ScriptedWorld.Member(desired, 2, MemberRole.Follower, _zxid - 1),
            ScriptedWorld.Member(desired, 3, MemberRole.Follower, _zxid - 2),
            ScriptedWorld.Member(desired, 4, readyFourth ? MemberRole.Follower : MemberRole.Unknown, readyFourth ? _zxid : 0, readyFourth),
        ];
    }

    /// <summary>Reconciles as the watch of each status write would, 30 ms apart; returns the status writes made.</summary>
    private async Task<int> ReconcileRepeatedlyAsync(DesiredEnsemble desired, int times, bool readyFourth)
    {
        int before = _store.StatusWrites;
        for (int i = 0; i < times; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(30));
            SetMembers(desired, readyFourth);
            await ReconcileAsync();
        }

        return _store.StatusWrites - before;
    }

    private Task ReconcileAsync() => _controller.ReconcileAsync(_objects.Get("zk/zk")!, CancellationToken.None);

    private ZkEnsembleStatus Status() => ZkEnsemble.FromJson(_objects.Get("zk/zk")!).Status!;
}
