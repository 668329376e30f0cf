namespace Zk.Node.Simulation.Framework;

/// <summary>
/// A seeded, lossy network: per-message delay, drop, duplication and reordering, and partitions as a set of cut
/// directed links. A cut link drops what crosses it when the message would be delivered, so in-flight messages are
/// lost too. Every send is reported to <see cref="Sent"/> before faults apply (what a node did, not what arrived).
/// </summary>
public sealed class SimulatedNetwork<TMessage>
{
    private readonly Random _random;
    private readonly PriorityQueue<Envelope<TMessage>, (long At, long Seq)> _inFlight = new();
    private readonly HashSet<(long From, long To)> _cut = [];
    private long _seq;

    public SimulatedNetwork(Random random, NetworkOptions options)
    {
        _random = random;
        Options = options;
    }

    public NetworkOptions Options { get; set; }

    /// <summary>Observes every send: (envelope, tick).</summary>
    public event Action<Envelope<TMessage>, long>? Sent;

    public long SentCount { get; private set; }

    public long DroppedCount { get; private set; }

    public long DeliveredCount { get; private set; }

    public int InFlight => _inFlight.Count;

    public bool IsPartitioned => _cut.Count > 0;

    public void Send(Envelope<TMessage> envelope, long now)
    {
        SentCount++;
        Sent?.Invoke(envelope, now);
        if (_random.NextDouble() < Options.DropProbability)
        {
            DroppedCount++;
            return;
        }

        Schedule(envelope, now);
        if (_random.NextDouble() < Options.DuplicateProbability)
        {
            Schedule(envelope, now);
        }
    }

    /// <summary>The messages due at <paramref name="now"/>, in delivery order, minus those crossing a cut link.</summary>
    public List<Envelope<TMessage>> DeliverDue(long now)
    {
        var due = new List<Envelope<TMessage>>();
        while (_inFlight.TryPeek(out var envelope, out var key) && key.At <= now)
        {
            _inFlight.Dequeue();
            if (IsCut(envelope.From, envelope.To))
            {
                DroppedCount++;
                continue;
            }

            DeliveredCount++;
            due.Add(envelope);
        }

        return due;
    }

    public bool IsCut(long from, long to) => _cut.Contains((from, to));

    /// <summary>Cuts both directions between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Cut(long a, long b)
    {
        _cut.Add((a, b));
        _cut.Add((b, a));
    }

    /// <summary>Cuts every link between different groups; links inside a group are left as they are.</summary>
    public void Partition(IReadOnlyList<IReadOnlyCollection<long>> groups)
    {
        for (int i = 0; i < groups.Count; i++)
        {
            for (int j = i + 1; j < groups.Count; j++)
            {
                foreach (long a in groups[i])
                {
                    foreach (long b in groups[j])
                    {
                        Cut(a, b);
                    }
                }
            }
        }
    }

    public void Heal() => _cut.Clear();

    /// <summary>The nodes <paramref name="id"/> can reach both ways through uncut links (itself included).</summary>
    public HashSet<long> Component(long id, IEnumerable<long> all)
    {
        var members = all.ToList();
        var seen = new HashSet<long> { id };
        var queue = new Queue<long>([id]);
        while (queue.TryDequeue(out long current))
        {
            foreach (long other in members)
            {
                if (!seen.Contains(other) && !IsCut(current, other) && !IsCut(other, current))
                {
                    seen.Add(other);
                    queue.Enqueue(other);
                }
            }
        }

        return seen;
    }

    private void Schedule(Envelope<TMessage> envelope, long now)
    {
        long delay = _random.Next(Options.MinDelayTicks, Options.MaxDelayTicks + 1);
        if (_random.NextDouble() < Options.ReorderProbability)
        {
            delay += _random.Next(0, (4 * Options.MaxDelayTicks) + 1);
        }

        _inFlight.Enqueue(envelope, (now + Math.Max(1, delay), _seq++));
    }
}
