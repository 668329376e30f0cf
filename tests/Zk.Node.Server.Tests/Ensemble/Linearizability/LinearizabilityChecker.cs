using System.Text;

namespace Zk.Node.Server.Tests.Ensemble.Linearizability;

/// <summary>
/// Wing &amp; Gong's linearizability search with Lowe's memoisation (the algorithm behind Knossos and Porcupine):
/// walk the history's call/return events in time order, try to linearize each pending call at its current point,
/// backtrack when a return is reached whose call has not been linearized, and never revisit a (set of linearized
/// ops, register state) pair. Unanswered ops return "at infinity" and may be left out entirely.
/// </summary>
public static class LinearizabilityChecker
{
    public static bool Check(IReadOnlyCollection<RegisterOp> history, RegisterState initial, out string explanation)
    {
        // An unanswered read tells nothing.
        var ops = history.Where(o => o.IsKnown || o.Kind != RegisterOpKind.Read).ToList();
        var head = BuildEvents(ops);
        var linearized = new ulong[(ops.Count + 63) / 64];
        var seen = new HashSet<CacheKey>();
        var stack = new Stack<(Event Call, RegisterState State)>();
        var state = initial;
        int remainingKnown = ops.Count(o => o.IsKnown);
        int deepest = 0;
        var entry = head.Next;
        while (head.Next is not null)
        {
            if (remainingKnown == 0)
            {
                explanation = $"linearizable: {ops.Count} ops";
                return true;
            }

            if (entry!.IsCall)
            {
                var op = ops[entry.Op];
                if (op.Step(state, out var next))
                {
                    Set(linearized, entry.Op);
                    if (seen.Add(new CacheKey((ulong[])linearized.Clone(), next)))
                    {
                        stack.Push((entry, state));
                        state = next;
                        Lift(entry);
                        remainingKnown -= op.IsKnown ? 1 : 0;
                        deepest = Math.Max(deepest, stack.Count);
                        entry = head.Next;
                        continue;
                    }

                    Clear(linearized, entry.Op);
                }

                entry = entry.Next;
            }
            else
            {
                if (stack.Count == 0)
                {
                    explanation = Explain(ops, deepest, ops[entry.Op]);
                    return false;
                }

                var (call, previous) = stack.Pop();
                state = previous;
                Clear(linearized, call.Op);
                Unlift(call);
                remainingKnown += ops[call.Op].IsKnown ? 1 : 0;
                entry = call.Next;
            }
        }

        explanation = $"linearizable: {ops.Count} ops";
        return true;
    }

    private static Event BuildEvents(List<RegisterOp> ops)
    {
        var events = new List<Event>(ops.Count * 2);
        for (int i = 0; i < ops.Count; i++)
        {
            var call = new Event(i, isCall: true, ops[i].Invoke);
            var ret = new Event(i, isCall: false, ops[i].Return ?? long.MaxValue);
            call.Match = ret;
            events.Add(call);
            events.Add(ret);
        }

        // Calls before returns at equal times: touching operations count as concurrent, never as ordered.
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.IsCall.CompareTo(a.IsCall));
        var head = new Event(-1, isCall: false, long.MinValue);
        var previous = head;
        foreach (var e in events)
        {
            previous.Next = e;
            e.Prev = previous;
            previous = e;
        }

        return head;
    }

    /// <summary>Removes a call and its return from the list (dancing links: they keep their own pointers).</summary>
    private static void Lift(Event call)
    {
        call.Prev!.Next = call.Next;
        if (call.Next is not null)
        {
            call.Next.Prev = call.Prev;
        }

        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null)
        {
            ret.Next.Prev = ret.Prev;
        }
    }

    private static void Unlift(Event call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null)
        {
            ret.Next.Prev = ret;
        }

        call.Prev!.Next = call;
        if (call.Next is not null)
        {
            call.Next.Prev = call;
        }
    }

    private static void Set(ulong[] bits, int i) => bits[i >> 6] |= 1UL << (i & 63);

    private static void Clear(ulong[] bits, int i) => bits[i >> 6] &= ~(1UL << (i & 63));

    private static string Explain(List<RegisterOp> ops, int deepest, RegisterOp stuck)
    {
        var text = new StringBuilder();
        text.Append($"not linearizable: at most {deepest} of {ops.Count} ops could be ordered; no order places {stuck}\nhistory:\n");
        foreach (var op in ops.OrderBy(o => o.Invoke))
        {
            text.Append("  ").Append(op).Append('\n');
        }

        return text.ToString();
    }

    private sealed class Event(int op, bool isCall, long time)
    {
        public int Op { get; } = op;

        public bool IsCall { get; } = isCall;

        public long Time { get; } = time;

        public Event? Match { get; set; }

        public Event? Prev { get; set; }

        public Event? Next { get; set; }
    }

    private readonly struct CacheKey(ulong[] bits, RegisterState state) : IEquatable<CacheKey>
    {
        private readonly ulong[] _bits = bits;
        private readonly RegisterState _state = state;

        public bool Equals(CacheKey other) => _state == other._state && _bits.AsSpan().SequenceEqual(other._bits);

        public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_state);
            foreach (ulong word in _bits)
            {
                hash.Add(word);
            }

            return hash.ToHashCode();
        }
    }
}
