namespace Zk.Node.Simulation.Framework;

/// <summary>
/// Drives N node state machines over a <see cref="SimulatedNetwork{TMessage}"/> in simulated time. One
/// <see cref="RunTick"/>: advance the clock, deliver the messages now due (to live nodes, in order), tick every live
/// node (by id), send everything the nodes made ready, then run the checkers. Everything random comes from the one
/// seeded <see cref="Random"/>, so a seed replays exactly.
/// </summary>
public sealed class Simulator<TMessage>
{
    private readonly SortedDictionary<long, ISimNode<TMessage>> _nodes = [];
    private readonly HashSet<long> _down = [];
    private readonly List<Action<Simulator<TMessage>>> _checkers = [];

    public Simulator(int seed, NetworkOptions network)
    {
        Seed = seed;
        Random = new Random(seed);
        Network = new SimulatedNetwork<TMessage>(Random, network);
    }

    public int Seed { get; }

    public Random Random { get; }

    public SimulatedClock Clock { get; } = new();

    public SimulatedNetwork<TMessage> Network { get; }

    public long Now => Clock.Now;

    public IEnumerable<long> Ids => _nodes.Keys;

    public IEnumerable<ISimNode<TMessage>> LiveNodes => _nodes.Values.Where(n => !_down.Contains(n.Id));

    public ISimNode<TMessage> Node(long id) => _nodes[id];

    public bool IsUp(long id) => !_down.Contains(id);

    /// <summary>Adds and starts a node.</summary>
    public void Add(ISimNode<TMessage> node)
    {
        _nodes.Add(node.Id, node);
        node.Start(Now);
        Flush(node);
    }

    /// <summary>Registers a checker run after every tick; it throws <see cref="InvariantViolation"/> on a violation.</summary>
    public void AddChecker(Action<Simulator<TMessage>> checker) => _checkers.Add(checker);

    /// <summary>The node stops: no ticks, messages to it are lost, its volatile state is gone.</summary>
    public void Crash(long id) => _down.Add(id);

    /// <summary>The node comes back as a new incarnation built from its persisted state.</summary>
    public void Recover(long id)
    {
        if (!_down.Remove(id))
        {
            return;
        }

        var node = _nodes[id].Restart();
        _nodes[id] = node;
        node.Start(Now);
        Flush(node);
    }

    public void RunTick()
    {
        Clock.Advance();
        foreach (var envelope in Network.DeliverDue(Now))
        {
            if (_down.Contains(envelope.To) || _down.Contains(envelope.From) || !_nodes.TryGetValue(envelope.To, out var node))
            {
                continue;
            }

            node.Step(envelope.From, envelope.Message);
            Flush(node);
        }

        foreach (var node in LiveNodes.ToList())
        {
            node.Tick();
            Flush(node);
        }

        foreach (var checker in _checkers)
        {
            checker(this);
        }
    }

    public void Run(long ticks)
    {
        for (long i = 0; i < ticks; i++)
        {
            RunTick();
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds; false if <paramref name="maxTicks"/> pass first.</summary>
    public bool RunUntil(Func<Simulator<TMessage>, bool> condition, long maxTicks)
    {
        for (long i = 0; i < maxTicks; i++)
        {
            if (condition(this))
            {
                return true;
            }

            RunTick();
        }

        return condition(this);
    }

    private void Flush(ISimNode<TMessage> node)
    {
        foreach (var envelope in node.Ready())
        {
            Network.Send(envelope, Now);
        }
    }
}
