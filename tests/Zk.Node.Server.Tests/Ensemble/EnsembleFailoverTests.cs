using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Ensemble.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>Members die (SIGKILL) and come back; acknowledged writes survive and stragglers catch up by DIFF, SNAP or TRUNC.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleFailoverTests
{
    [Fact]
    public async Task Killing_the_leader_under_write_load_elects_a_new_leader_and_loses_no_acknowledged_write()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var oldLeader = await ensemble.LeaderAsync();
        var survivors = ensemble.Members.Where(m => m != oldLeader).ToList();

        var acked = await CrashWriter.WriteThenCrashAsync(oldLeader.Hosts, "/crash", minimumAcks: 300, oldLeader.Kill);

        await ensemble.WaitUntilServingAsync(survivors);
        var newLeader = await ensemble.LeaderAsync();
        Assert.NotEqual(oldLeader.Id, newLeader.Id);
        var verify = await CrashWriter.VerifyAsync(string.Join(',', survivors.Select(m => m.Hosts)), "/crash", acked);
        Assert.True(verify.ExitCode == 0, $"{acked.Count} acknowledged creates; verify said: {verify}\n{ensemble.Logs}");

        // The new leader takes writes, and the old one rejoins as a follower with everything.
        await Kazoo.RunAsync(newLeader.Hosts, """zk.create("/after-failover", b"new")""");
        oldLeader.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        Assert.Equal("follower", await oldLeader.ModeAsync());
        var rejoined = await CrashWriter.VerifyAsync(oldLeader.Hosts, "/crash", acked);
        Assert.True(rejoined.ExitCode == 0, $"old leader after rejoining: {rejoined}\n{oldLeader.Log}");
        string after = await Kazoo.RunAsync(oldLeader.Hosts, """print("DATA", zk.get("/after-failover")[0])""");
        Assert.Contains("DATA b'new'", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_every_member_at_once_loses_no_acknowledged_write_after_a_full_restart()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var leader = await ensemble.LeaderAsync();
        var follower = ensemble.Members.First(m => m != leader);

        var acked = await CrashWriter.WriteThenCrashAsync(follower.Hosts, "/all-down", minimumAcks: 300, () =>
        {
            foreach (var member in ensemble.Members)
            {
                member.Kill();
            }
        });

        foreach (var member in ensemble.Members)
        {
            member.Start();
        }

        await ensemble.WaitUntilServingAsync(ensemble.Members);
        foreach (var member in ensemble.Members)
        {
            var verify = await CrashWriter.VerifyAsync(member.Hosts, "/all-down", acked);
            Assert.True(verify.ExitCode == 0, $"{member}: {acked.Count} acknowledged creates; verify said: {verify}\n{ensemble.Logs}");
        }

        Assert.Contains("epochs accepted 1 current 1", ensemble.Members[0].Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_down_for_a_few_txns_rejoins_by_DIFF_and_one_down_beyond_the_leaders_log_by_SNAP()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: "snapCount=100");
        var leader = await ensemble.LeaderAsync();
        var straggler = ensemble.Members.First(m => m != leader);

        straggler.Kill();
        await WriteAsync(leader.Hosts, "/diff", 50);
        int leaderLog = leader.Log.Length;
        straggler.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await AssertSameStateAsync(ensemble);
        Assert.DoesNotContain("SNAP: installing", straggler.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("TRUNC:", straggler.Log, StringComparison.Ordinal);

        // It had accepted the leader's epoch before it died: rejoining must not unseat the leader.
        Assert.DoesNotContain("now LOOKING", leader.Log[leaderLog..], StringComparison.Ordinal);

        straggler.Kill();
        int before = straggler.Log.Length;
        await WriteAsync(leader.Hosts, "/snap", 700);
        straggler.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await AssertSameStateAsync(ensemble);
        Assert.Contains("SNAP: installing", straggler.Log[before..], StringComparison.Ordinal);
        string count = await Kazoo.RunAsync(straggler.Hosts, """print("COUNT", len(zk.get_children("/snap")), len(zk.get_children("/diff")))""");
        Assert.Contains("COUNT 700 50", count, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frozen_leader_is_replaced_and_rejoins_as_a_follower_when_it_thaws()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var leader = await ensemble.LeaderAsync();
        var survivors = ensemble.Members.Where(m => m != leader).ToList();
        await Kazoo.RunAsync(leader.Hosts, """zk.create("/before-freeze", b"1")""");

        // Sockets stay open: the followers must notice the silence (syncLimit) rather than a closed connection.
        await leader.PauseAsync();
        await Deadline.UntilAsync(
            async () => (await Task.WhenAll(survivors.Select(m => m.ModeAsync()))).Count(mode => mode == "leader") == 1,
            TimeSpan.FromSeconds(30),
            "the followers to elect a new leader without the frozen one");
        string hosts = string.Join(',', survivors.Select(m => m.Hosts));
        await Kazoo.RunAsync(hosts, """zk.create("/while-frozen", b"2")""");

        await leader.ResumeAsync();

        await ensemble.WaitUntilServingAsync(ensemble.Members);
        Assert.Equal("follower", await leader.ModeAsync());
        string check = await Kazoo.RunAsync(leader.Hosts, """zk.sync("/"); print("BOTH", zk.exists("/before-freeze") is not None, zk.exists("/while-frozen") is not None)""");
        Assert.Contains("BOTH True True", check, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_behind_a_large_tree_rejoins_by_SNAP_within_init_limit()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: "snapCount=1000");
        var leader = await ensemble.LeaderAsync();
        var straggler = ensemble.Members.First(m => m != leader);

        straggler.Kill();
        await Kazoo.RunAsync(leader.Hosts, """
            zk.create("/big", b"")
            blob = b"x" * 1000
            for start in range(0, 20000, 2000):
                for r in [zk.create_async("/big/n-%05d" % i, blob) for i in range(start, start + 2000)]:
                    r.get(timeout=60)
            """, TimeSpan.FromSeconds(120));
        int before = straggler.Log.Length;
        straggler.Start();

        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await AssertSameStateAsync(ensemble);
        Assert.Contains("SNAP: installing", straggler.Log[before..], StringComparison.Ordinal);
        string count = await Kazoo.RunAsync(straggler.Hosts, """print("COUNT", len(zk.get_children("/big")))""");
        Assert.Contains("COUNT 20000", count, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leader_with_an_uncommitted_tail_drops_it_when_it_rejoins()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        await Kazoo.RunAsync(ensemble.Hosts, """zk.create("/base", b"committed")""");
        var leader = await ensemble.LeaderAsync();
        var followers = ensemble.Members.Where(m => m != leader).ToList();

        // With its followers frozen (sockets open, no acks) the leader still logs its own proposal for this create,
        // but no quorum can commit it: the reply never comes, and the leader closes the connection when it steps down
        // after syncLimit.
        await using (var session = await RawSession.OpenAsync(leader.ClientPort))
        {
            foreach (var follower in followers)
            {
                await follower.PauseAsync();
            }

            var frames = await session.SendAsync(OpCode.Create, new CreateRequest("/orphan", [1, 2, 3], Acl.OpenAclUnsafe, 0));
            Assert.True(frames[^1].IsClosed || frames[^1].Header.Err != KeeperErrorCode.Ok, "the orphan create must not succeed");
        }

        await Deadline.UntilAsync(async () => await leader.ModeAsync() is null, TimeSpan.FromSeconds(20), "the lone leader to step down");
        leader.Kill();
        foreach (var follower in followers)
        {
            follower.Kill();
        }

        foreach (var follower in followers)
        {
            follower.Start();
        }

        await ensemble.WaitUntilServingAsync(followers);
        await WriteAsync(ensemble.Hosts.Split(',').Where(h => h != leader.Hosts).First(), "/new-epoch", 5);
        int before = leader.Log.Length;
        leader.Start();
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        await AssertSameStateAsync(ensemble);

        string rejoined = leader.Log[before..];
        Assert.True(rejoined.Contains("TRUNC:", StringComparison.Ordinal) || rejoined.Contains("SNAP: installing", StringComparison.Ordinal), rejoined);
        string check = await Kazoo.RunAsync(leader.Hosts, """
            zk.sync("/")
            print("ORPHANS", len([c for c in zk.get_children("/") if c.startswith("orphan")]), "NEW", len(zk.get_children("/new-epoch")))
            """);
        Assert.Contains("ORPHANS 0 NEW 5", check, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_survives_the_death_of_its_server_by_moving_to_another_member()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        string pids = string.Join(' ', ensemble.Members.Select(m => $"{m.ClientPort}:{m.Pid}"));
        string output = await Kazoo.RunAsync(ensemble.Hosts, $$"""
            import os, signal
            from kazoo.protocol.states import KazooState
            pids = dict(p.split(":") for p in "{{pids}}".split())
            zk.create("/owned", b"mine", ephemeral=True)
            before = zk.client_id[0]
            port = zk._connection._socket.getpeername()[1]
            os.kill(int(pids[str(port)]), signal.SIGKILL)
            deadline = time.time() + 30
            while time.time() < deadline:
                try:
                    if zk.state == KazooState.CONNECTED and zk._connection._socket.getpeername()[1] != port and zk.exists("/owned"):
                        break
                except Exception:
                    pass
                time.sleep(0.05)
            print("KILLED", port)
            print("SAME", zk.client_id[0] == before, "EXISTS", zk.exists("/owned") is not None, "MOVED", zk._connection._socket.getpeername()[1] != port)
            """);
        Assert.Contains("SAME True EXISTS True MOVED True", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_leader_expires_the_sessions_of_clients_that_died_with_the_old_one()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3);
        var leader = await ensemble.LeaderAsync();
        var survivors = ensemble.Members.Where(m => m != leader).ToList();

        // The owner creates an ephemeral node through the leader and dies without closing its session.
        await Kazoo.RunAsync(leader.Hosts, """
            import os
            owner = KazooClient(hosts=zk.hosts[0][0] + ":" + str(zk.hosts[0][1]), timeout=4)
            owner.start(timeout=20)
            owner.create("/orphaned-ephemeral", b"x", ephemeral=True)
            zk.stop()
            os._exit(0)
            """);
        leader.Kill();
        await ensemble.WaitUntilServingAsync(survivors);

        // The new leader never heard from that session: it must still expire it and delete the node.
        string hosts = string.Join(',', survivors.Select(m => m.Hosts));
        await Deadline.UntilAsync(
            async () => (await Kazoo.RunAsync(hosts, """zk.sync("/"); print("EXISTS", zk.exists("/orphaned-ephemeral") is not None)""")).Contains("EXISTS False", StringComparison.Ordinal),
            TimeSpan.FromSeconds(40),
            "the new leader to expire the dead client's session");
    }

    private static Task WriteAsync(string hosts, string root, int count) => Kazoo.RunAsync(hosts, $$"""
        zk.create("{{root}}", b"")
        results = [zk.create_async("{{root}}/n-%d" % i, b"v%d" % i) for i in range({{count}})]
        for r in results:
            r.get(timeout=30)
        """);

    /// <summary>After a sync, every member has the same last zxid and node count.</summary>
    private static async Task AssertSameStateAsync(EnsembleProcess ensemble)
    {
        await Kazoo.RunAsync(ensemble.Hosts, """zk.create("/barrier-" + str(time.time()), b"", sequence=True)""");
        await Deadline.UntilAsync(
            async () =>
            {
                var states = await Task.WhenAll(ensemble.Members.Select(async m =>
                {
                    var mntr = await m.MntrAsync();
                    return (mntr.GetValueOrDefault("zk_last_zxid"), mntr.GetValueOrDefault("zk_znode_count"));
                }));
                return states.Distinct().Count() == 1 && states[0].Item1 is not null;
            },
            TimeSpan.FromSeconds(20),
            "every member to reach the same zxid and node count");
    }
}
