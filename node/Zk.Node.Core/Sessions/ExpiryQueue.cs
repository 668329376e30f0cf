namespace Zk.Node.Core.Sessions;

/// <summary>
/// ZooKeeper's ExpiryQueue: deadlines are rounded up to the next multiple of the interval (tickTime), so
/// elements expire in whole buckets and a touch only moves an element when its bucket changes.
/// </summary>
internal sealed class ExpiryQueue<T> where T : notnull
{
    private readonly Dictionary<T, long> _expiryOf = [];
    private readonly SortedDictionary<long, HashSet<T>> _buckets = [];
    private readonly long _intervalMs;
    private long _nextExpirationMs;

    public ExpiryQueue(long intervalMs, long nowMs)
    {
        if (intervalMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalMs), intervalMs, "the expiry interval must be positive");
        }

        _intervalMs = intervalMs;
        _nextExpirationMs = RoundToNextInterval(nowMs);
    }

    public int Count => _expiryOf.Count;

    /// <summary>The start of the next bucket to expire.</summary>
    public long NextExpirationMs => _nextExpirationMs;

    public IEnumerable<KeyValuePair<long, HashSet<T>>> Buckets => _buckets;

    public long RoundToNextInterval(long timeMs) => ((timeMs / _intervalMs) + 1) * _intervalMs;

    /// <summary>Moves <paramref name="element"/> to the bucket of now + timeout; returns the new deadline.</summary>
    public long Update(T element, long timeoutMs, long nowMs)
    {
        long newExpiry = RoundToNextInterval(nowMs + timeoutMs);
        if (_expiryOf.TryGetValue(element, out long previous))
        {
            if (previous == newExpiry)
            {
                return newExpiry;
            }

            RemoveFromBucket(element, previous);
        }

        _expiryOf[element] = newExpiry;
        if (!_buckets.TryGetValue(newExpiry, out var bucket))
        {
            bucket = [];
            _buckets.Add(newExpiry, bucket);
        }

        bucket.Add(element);
        return newExpiry;
    }

    public bool Remove(T element)
    {
        if (!_expiryOf.Remove(element, out long expiry))
        {
            return false;
        }

        RemoveFromBucket(element, expiry);
        return true;
    }

    public bool TryGetExpiry(T element, out long expiryMs) => _expiryOf.TryGetValue(element, out expiryMs);

    /// <summary>Removes and returns every element whose bucket is due at <paramref name="nowMs"/>.</summary>
    public List<T> Poll(long nowMs)
    {
        var expired = new List<T>();
        if (nowMs < _nextExpirationMs)
        {
            return expired;
        }

        // Deadlines are multiples of the interval, so every due bucket has a key <= now; a host that
        // ticked late catches up on all of them at once.
        while (_buckets.Count > 0)
        {
            var first = _buckets.First();
            if (first.Key > nowMs)
            {
                break;
            }

            _buckets.Remove(first.Key);
            foreach (var element in first.Value.Order())
            {
                _expiryOf.Remove(element);
                expired.Add(element);
            }
        }

        _nextExpirationMs = RoundToNextInterval(nowMs);
        return expired;
    }

    private void RemoveFromBucket(T element, long expiry)
    {
        if (_buckets.TryGetValue(expiry, out var bucket))
        {
            bucket.Remove(element);
            if (bucket.Count == 0)
            {
                _buckets.Remove(expiry);
            }
        }
    }
}
