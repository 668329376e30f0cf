namespace Zk.Operator.Queue;

/// <summary>
/// The controller's work queue, after client-go's workqueue: keys are "namespace/name", not events, so
/// ten changes to one object while it waits cost one reconcile.
/// <list type="bullet">
/// <item>dedup: a key waiting in the queue is not added twice;</item>
/// <item>one at a time: a key being processed is not handed out again; an add meanwhile marks it
///   dirty and it is queued again when <see cref="Done"/> is called;</item>
/// <item>retries: <see cref="AddRateLimited"/> waits Initial × 2^failures (capped) per key until
///   <see cref="Forget"/>;</item>
/// <item><see cref="AddAfter"/>: delayed adds, the earliest pending one wins;</item>
/// <item><see cref="StartResync"/>: every key of the cache again, periodically, in case a watch event was lost.</item>
/// </list>
/// Time comes from the injected <see cref="TimeProvider"/> only.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly WorkQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly LinkedList<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Due, ITimer Timer)> _delayed = new(StringComparer.Ordinal);
    private readonly LinkedList<TaskCompletionSource<string?>> _waiters = new();
    private bool _shutDown;

    public WorkQueue(WorkQueueOptions? options = null)
    {
        _options = options ?? new WorkQueueOptions();
        _time = _options.TimeProvider;
    }

    /// <summary>Keys waiting to be taken (not those in flight or delayed).</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys with a delayed add pending.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_lock)
            {
                return _delayed.Count;
            }
        }
    }

    public bool IsShutDown
    {
        get
        {
            lock (_lock)
            {
                return _shutDown;
            }
        }
    }

    public void Add(string key)
    {
        TaskCompletionSource<string?>? handOff;
        lock (_lock)
        {
            if (_shutDown || !_dirty.Add(key))
            {
                return;
            }

            if (_processing.Contains(key))
            {
                return;
            }

            handOff = Enqueue(key);
        }

        handOff?.TrySetResult(key);
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed; an earlier pending add is kept.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shutDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => Fire(key), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds after this key's backoff and counts one more failure.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        TimeSpan delay;
        lock (_lock)
        {
            int failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = BackoffFor(failures);
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>The key succeeded: its next failure starts from the initial backoff again.</summary>
    public void Forget(string key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    public int Failures(string key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// The next key, now marked as processing; waits while the queue is empty. Null once shut down.
    /// Every key taken must be given back with <see cref="Done"/>.
    /// </summary>
    public Task<string?> TakeAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<string?> waiter;
        lock (_lock)
        {
            if (_queue.First is { } first)
            {
                _queue.RemoveFirst();
                _dirty.Remove(first.Value);
                _processing.Add(first.Value);
                return Task.FromResult<string?>(first.Value);
            }

            if (_shutDown)
            {
                return Task.FromResult<string?>(null);
            }

            waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() =>
                {
                    bool removed;
                    lock (_lock)
                    {
                        removed = node.List is not null;
                        if (removed)
                        {
                            _waiters.Remove(node);
                        }
                    }

                    if (removed)
                    {
                        waiter.TrySetCanceled(cancellationToken);
                    }
                });
                _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return waiter.Task;
    }

    /// <summary>Processing of <paramref name="key"/> ended; if it was added meanwhile it is queued again.</summary>
    public void Done(string key)
    {
        TaskCompletionSource<string?>? handOff = null;
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shutDown)
            {
                handOff = Enqueue(key);
            }
        }

        handOff?.TrySetResult(key);
    }

    /// <summary>Adds every key <paramref name="keys"/> returns, every <paramref name="period"/>, until disposed.</summary>
    public IDisposable StartResync(Func<IEnumerable<string>> keys, TimeSpan period) =>
        _time.CreateTimer(
            _ =>
            {
                foreach (string key in keys())
                {
                    Add(key);
                }
            },
            null,
            period,
            period);

    /// <summary>Stops handing out keys: waiting and future <see cref="TakeAsync"/> calls return null.</summary>
    public void ShutDown()
    {
        List<TaskCompletionSource<string?>> waiters;
        lock (_lock)
        {
            _shutDown = true;
            foreach (var (_, pending) in _delayed)
            {
                pending.Timer.Dispose();
            }

            _delayed.Clear();
            _queue.Clear();
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(null);
        }
    }

    public void Dispose() => ShutDown();

    internal TimeSpan BackoffFor(int failures)
    {
        double ms = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 40));
        return ms >= _options.MaxBackoff.TotalMilliseconds ? _options.MaxBackoff : TimeSpan.FromMilliseconds(ms);
    }

    private void Fire(string key)
    {
        lock (_lock)
        {
            if (_delayed.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
            }
        }

        Add(key);
    }

    /// <summary>Under the lock: a waiting taker gets the key directly, otherwise it joins the queue.</summary>
    private TaskCompletionSource<string?>? Enqueue(string key)
    {
        if (_waiters.First is { } waiter)
        {
            _waiters.RemoveFirst();
            _dirty.Remove(key);
            _processing.Add(key);
            return waiter.Value;
        }

        _queue.AddLast(key);
        return null;
    }
}
