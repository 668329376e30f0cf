namespace Zk.Operator.Kube.Tests.LeaderElection;

/// <summary>Records who led when, and the most leaders there ever were at once.</summary>
internal sealed class LeadershipLog(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _leaders = [];
    private readonly List<(DateTimeOffset At, string Who, bool Started)> _entries = [];

    public int MaxConcurrentLeaders { get; private set; }

    public IReadOnlyList<(DateTimeOffset At, string Who, bool Started)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public bool IsLeading(string who)
    {
        lock (_lock)
        {
            return _leaders.Contains(who);
        }
    }

    public void Started(string who)
    {
        lock (_lock)
        {
            _leaders.Add(who);
            MaxConcurrentLeaders = Math.Max(MaxConcurrentLeaders, _leaders.Count);
            _entries.Add((clock.GetUtcNow(), who, true));
        }
    }

    public void Stopped(string who)
    {
        lock (_lock)
        {
            _leaders.Remove(who);
            _entries.Add((clock.GetUtcNow(), who, false));
        }
    }
}
