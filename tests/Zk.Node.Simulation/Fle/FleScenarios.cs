using Zk.Node.Core.Election;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Fle;

/// <summary>
/// Seeded election scenarios. Each draws an ensemble (3 or 5 voters, maybe an observer, random histories) and a
/// network from the seed, runs it and throws <see cref="InvariantViolation"/> when a checker fires.
/// </summary>
public static class FleScenarios
{
    /// <summary>Timers of the simulated nodes: a tick stands for 20 ms of ZooKeeper's timings.</summary>
    public static readonly ElectionOptions Options = ElectionOptions.FromMilliseconds(20) with { MaxNotificationIntervalTicks = 200 };

    public static readonly LeaseOptions Lease = new();

    /// <summary>Bound on a first election over a reliable network where everyone starts together.</summary>
    public const int HealthyElectionBoundTicks = 200;

    /// <summary>Bound on convergence once faults stop and partitions heal.</summary>
    public const int ConvergenceBoundTicks = 4_000;

    public static ElectionNodeFactory RealFle { get; } =
        (id, config, zxid, epoch) => new FleNode(id, config, zxid, epoch, Options, Lease);

    public static ElectionNodeFactory Eager { get; } =
        (id, config, zxid, epoch) => new EagerElectionNode(id, config, zxid, epoch);

    /// <summary>
    /// Everyone starts at tick 0 on a reliable network with delays well under the finalize wait. Then the election
    /// ends within <see cref="HealthyElectionBoundTicks"/>, everyone's first decision names the same leader, and that
    /// leader is the voter with the best (epoch, zxid, id).
    /// </summary>
    public static void Healthy(int seed, ElectionNodeFactory factory)
    {
        var (sim, config, histories, support) = Build(seed, factory, new NetworkOptions { MinDelayTicks = 1, MaxDelayTicks = 3 });
        var first = new Dictionary<long, DecisionRecord>();
        sim.AddChecker(s => CollectDecisions(s, support, first));

        if (!sim.RunUntil(s => first.Count == config.Members.Count, HealthyElectionBoundTicks))
        {
            throw new InvariantViolation(
                "a healthy ensemble elects within the bound",
                sim.Now,
                $"decided: [{string.Join(",", first.Keys.Order())}] of {config.Members.Count}");
        }

        var leaders = first.Values.Select(d => d.Decision.Vote.Leader).Distinct().ToList();
        if (leaders.Count != 1)
        {
            throw new InvariantViolation("members deciding in one round agree", sim.Now, string.Join("; ", first.Values));
        }

        long best = config.Voters.MaxBy(v => (histories[v].PeerEpoch, histories[v].Zxid, v));
        if (leaders[0] != best)
        {
            throw new InvariantViolation("the leader has the best (epoch, zxid, id)", sim.Now, $"elected {leaders[0]}, best is {best}");
        }
    }

    /// <summary>
    /// A hostile phase (drops, duplicates, reordering, long delays, partitions, crashes and restarts) during which
    /// every decision must be backed by a quorum, then everything heals and the ensemble must converge on one leader
    /// that every live member follows, and stay there.
    /// </summary>
    public static void Faulty(int seed, ElectionNodeFactory factory, int faultTicks = 600)
    {
        var rng = new Random(seed ^ 0x5eed);
        var hostile = new NetworkOptions
        {
            MinDelayTicks = 1,
            MaxDelayTicks = rng.Next(2, 2 * Options.FinalizeWaitTicks),
            DropProbability = rng.NextDouble() * 0.3,
            DuplicateProbability = rng.NextDouble() * 0.1,
            ReorderProbability = rng.NextDouble() * 0.2,
        };
        var (sim, config, _, support) = Build(seed, factory, hostile);
        var ids = config.Members.Select(m => m.Id).ToList();
        sim.AddChecker(s => CollectDecisions(s, support, null));

        for (int tick = 0; tick < faultTicks; tick++)
        {
            if (sim.Random.Next(40) == 0)
            {
                Disturb(sim, ids);
            }

            sim.RunTick();
        }

        sim.Network.Heal();
        foreach (long id in ids)
        {
            sim.Recover(id);
        }

        sim.Network.Options = NetworkOptions.Reliable;
        if (!sim.RunUntil(s => Converged(s, config) is not null, ConvergenceBoundTicks))
        {
            throw new InvariantViolation("after healing the ensemble converges", sim.Now, Describe(sim));
        }

        long leader = Converged(sim, config)!.Value;
        sim.Run(3 * Lease.TimeoutTicks);
        if (Converged(sim, config) != leader)
        {
            throw new InvariantViolation("a converged ensemble stays converged", sim.Now, $"was {leader}; now {Describe(sim)}");
        }
    }

    /// <summary>The leader every live member settled on (voters following or leading it, observers observing), or null.</summary>
    public static long? Converged(Simulator<FleMessage> sim, QuorumConfig config)
    {
        var nodes = sim.LiveNodes.Cast<IElectionNode>().ToList();
        var leaders = nodes.Where(n => n.State == ServerState.Leading).ToList();
        if (leaders.Count != 1)
        {
            return null;
        }

        long leader = leaders[0].Id;
        bool all = nodes.All(n => n.Leader == leader && n.State == (n.Id == leader
            ? ServerState.Leading
            : config.IsVoter(n.Id) ? ServerState.Following : ServerState.Observing));
        return all ? leader : null;
    }

    private static (Simulator<FleMessage> Sim, QuorumConfig Config, Dictionary<long, (long Zxid, long PeerEpoch)> Histories, ElectionSupportChecker Support)
        Build(int seed, ElectionNodeFactory factory, NetworkOptions network)
    {
        var sim = new Simulator<FleMessage>(seed, network);
        int voters = sim.Random.Next(2) == 0 ? 3 : 5;
        int observers = sim.Random.Next(3) == 0 ? 1 : 0;
        var config = new QuorumConfig(
            Enumerable.Range(1, voters + observers).Select(i => new QuorumServerSpec(
                i, "zk-" + i, 2888, 3888, i <= voters ? LearnerRole.Participant : LearnerRole.Observer, "0.0.0.0", 2181)),
            0x100000000);
        var histories = new Dictionary<long, (long Zxid, long PeerEpoch)>();
        foreach (var member in config.Members)
        {
            long epoch = sim.Random.Next(1, 3);
            long zxid = (epoch << 32) | (long)sim.Random.Next(0, 4);
            histories[member.Id] = (zxid, epoch);
        }

        var support = new ElectionSupportChecker(config);
        sim.Network.Sent += support.OnSent;
        foreach (var member in config.Members)
        {
            sim.Add(factory(member.Id, config, histories[member.Id].Zxid, histories[member.Id].PeerEpoch));
        }

        return (sim, config, histories, support);
    }

    private static void CollectDecisions(Simulator<FleMessage> sim, ElectionSupportChecker support, Dictionary<long, DecisionRecord>? first)
    {
        foreach (var node in sim.LiveNodes.Cast<IElectionNode>())
        {
            foreach (var record in node.TakeDecisions())
            {
                var component = sim.Network.Component(node.Id, sim.Ids.Where(sim.IsUp));
                support.Check(record, component);
                first?.TryAdd(node.Id, record);
            }
        }
    }

    private static void Disturb(Simulator<FleMessage> sim, List<long> ids)
    {
        switch (sim.Random.Next(4))
        {
            case 0:
                var shuffled = ids.OrderBy(_ => sim.Random.Next()).ToList();
                int cut = sim.Random.Next(1, ids.Count);
                sim.Network.Heal();
                sim.Network.Partition([shuffled[..cut], shuffled[cut..]]);
                break;
            case 1:
                sim.Network.Heal();
                break;
            case 2:
                sim.Crash(ids[sim.Random.Next(ids.Count)]);
                break;
            default:
                sim.Recover(ids[sim.Random.Next(ids.Count)]);
                break;
        }
    }

    private static string Describe(Simulator<FleMessage> sim) =>
        string.Join("; ", sim.LiveNodes.Cast<IElectionNode>().Select(n => $"{n.Id}:{n.State}->{n.Leader}"));
}
