using Zk.Node.Protocol.Client;

namespace Zk.Client.Recipes.Locks;

/// <summary>
/// A reentrant lock across processes with Apache Curator 5.x's InterProcessMutex layout and protocol, so .NET and Java
/// processes exclude each other on one lock path:
/// <code>
/// /path                                         container, created with its parents when missing
///   _c_&lt;uuid&gt;-lock-0000000007                    ephemeral-sequential, one per waiter or holder
///   _c_&lt;uuid&gt;-lock-0000000008                    waits on ...07 with a data watch, not on the whole folder
/// </code>
/// The holder is the child with the lowest sequence number (sorted by the digits after <c>lock-</c>, as Curator's
/// StandardLockInternalsDriver does). Each waiter watches only its predecessor, so a release wakes one process.
/// </summary>
/// <remarks>
/// <para>Failure behaviour. Lock nodes are ephemeral: when a holder's session ends (closed, expired, process killed
/// and its session timed out) the server deletes its node and the next waiter takes the lock. The holder learns of it
/// through <see cref="LostToken"/>, cancelled per <see cref="LockLossPolicy"/>: by default as soon as the connection
/// drops (Curator's SUSPENDED), since from then on another process may hold the lock once the server expires the
/// session. A create interrupted by a lost connection is resolved with the protected <c>_c_&lt;uuid&gt;-</c> prefix, so
/// no orphaned node can block the lock for the rest of the session. An acquire that times out or is cancelled deletes
/// its node.</para>
/// <para>Reentrancy is counted per instance (Curator counts per thread, which has no meaning for async code): use one
/// instance per logical owner; every successful acquire needs one <see cref="ReleaseAsync"/>.</para>
/// </remarks>
public sealed class InterProcessMutex : IAsyncDisposable
{
    /// <summary>The name Curator's InterProcessMutex gives its lock nodes (after the protected prefix).</summary>
    public const string LockName = "lock-";

    private readonly ZkClient _client;
    private readonly LockLossPolicy _lossPolicy;
    private readonly byte[]? _lockNodeData;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _holdCount;
    private string? _lockNodePath;
    private CancellationTokenSource _lost = new();
    private Action<WatchedEvent>? _lossObserver;

    /// <param name="client">The session that owns the lock nodes.</param>
    /// <param name="path">The lock's path (client-relative, chroot applies); Curator processes must use the same.</param>
    /// <param name="lossPolicy">When <see cref="LostToken"/> fires.</param>
    /// <param name="lockNodeData">Stored in the lock node for diagnostics (Curator stores the host's address).</param>
    public InterProcessMutex(ZkClient client, string path, LockLossPolicy lossPolicy = LockLossPolicy.Suspended, byte[]? lockNodeData = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        PathUtil.Validate(path);
        _client = client;
        Path = path;
        _lossPolicy = lossPolicy;
        _lockNodeData = lockNodeData;
    }

    /// <summary>The lock's path.</summary>
    public string Path { get; }

    /// <summary>Whether this instance holds the lock (Curator's isAcquiredInThisProcess).</summary>
    public bool IsAcquiredInThisProcess => Volatile.Read(ref _holdCount) > 0;

    /// <summary>The holder's lock node while held, else null; its czxid is a fencing token that grows with every holder.</summary>
    public string? LockNodePath => Volatile.Read(ref _lockNodePath);

    /// <summary>
    /// Cancelled when the lock held by this instance may no longer be exclusive (see <see cref="LockLossPolicy"/>).
    /// A fresh token is issued at each first acquire; a token from an earlier hold stays cancelled. The lock must
    /// still be released.
    /// </summary>
    public CancellationToken LostToken => Volatile.Read(ref _lost).Token;

    /// <summary>Waits until this instance holds the lock.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (!await AcquireAsync(Timeout.InfiniteTimeSpan, cancellationToken))
        {
            throw new InvalidOperationException("an unbounded acquire cannot time out");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the lock; false (and no node left behind) when it ran out.</summary>
    public async Task<bool> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await _gate.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            if (_holdCount > 0)
            {
                _holdCount++;
                return true;
            }

            string? ours = await AttemptLockAsync(linked.Token, cancellationToken);
            if (ours is null)
            {
                return false;
            }

            await StartWatchingForLossAsync(ours);
            Volatile.Write(ref _lockNodePath, ours);
            Volatile.Write(ref _holdCount, 1);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Undoes one acquire; the last one deletes the lock node. A node already gone with its session is not an error.</summary>
    public async Task ReleaseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_holdCount == 0)
            {
                throw new InvalidOperationException($"the lock {Path} is not held by this instance");
            }

            if (--_holdCount > 0)
            {
                return;
            }

            string ours = _lockNodePath!;
            StopWatchingForLoss();
            Volatile.Write(ref _lockNodePath, null);
            await DeleteQuietlyAsync(ours);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The lock nodes in queue order (holder first), as Curator's getParticipantNodes lists them.</summary>
    public async Task<IReadOnlyList<string>> GetParticipantNodesAsync()
    {
        try
        {
            return Curator.Sorted(await _client.GetChildrenAsync(Path), LockName).Select(c => Curator.Join(Path, c)).ToList();
        }
        catch (KeeperException e) when (e.Code == KeeperErrorCode.NoNode)
        {
            return [];
        }
    }

    /// <summary>Releases the lock fully if held.</summary>
    public async ValueTask DisposeAsync()
    {
        while (IsAcquiredInThisProcess)
        {
            await ReleaseAsync();
        }

        _gate.Dispose();
    }

    /// <summary>LockInternals.attemptLock + internalLockLoop: our node's path once it is first in line, null on timeout.</summary>
    private async Task<string?> AttemptLockAsync(CancellationToken linked, CancellationToken caller)
    {
        string ours = await Curator.CreateProtectedEphemeralSequentialAsync(_client, Path, LockName, _lockNodeData, linked);
        string ourName = Curator.NameOf(ours);
        try
        {
            while (true)
            {
                linked.ThrowIfCancellationRequested();
                try
                {
                    var sorted = Curator.Sorted(await _client.GetChildrenAsync(Path), LockName);
                    int index = sorted.IndexOf(ourName);
                    if (index < 0)
                    {
                        // Curator: "Sequential path not found": the session that made it is gone.
                        throw new KeeperException(KeeperErrorCode.NoNode, ours);
                    }

                    if (index == 0)
                    {
                        return ours;
                    }

                    await WaitForDeletionAsync(Curator.Join(Path, sorted[index - 1]), linked);
                }
                catch (KeeperException e) when (e.Code == KeeperErrorCode.ConnectionLoss)
                {
                    // The session may survive; the next calls wait for the reconnect and the loop re-reads the queue.
                }
            }
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            await DeleteQuietlyAsync(ours);
            return null;
        }
        catch
        {
            await DeleteQuietlyAsync(ours);
            throw;
        }
    }

    /// <summary>Arms a data watch on the predecessor and waits for any event on it (or the session's end).</summary>
    private async Task WaitForDeletionAsync(string predecessor, CancellationToken cancellationToken)
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Observe(WatchedEvent e)
        {
            if (e.Path == predecessor || e.State is SessionState.Expired or SessionState.Closed)
            {
                woken.TrySetResult();
            }
        }

        _client.EventObserved += Observe;
        try
        {
            try
            {
                await _client.GetDataAsync(predecessor, watch: true);
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.NoNode)
            {
                return;
            }

            if (_client.State is SessionState.Expired or SessionState.Closed)
            {
                throw new KeeperException(KeeperErrorCode.SessionExpired, Path);
            }

            await woken.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _client.EventObserved -= Observe;
        }
    }

    private async Task StartWatchingForLossAsync(string ours)
    {
        var lost = new CancellationTokenSource();
        Volatile.Write(ref _lost, lost);
        _lossObserver = e =>
        {
            bool gone = e.Type == WatchEventType.NodeDeleted && e.Path == ours
                || e.Type == WatchEventType.None && (e.State is SessionState.Expired or SessionState.Closed
                    || e.State == SessionState.Disconnected && _lossPolicy == LockLossPolicy.Suspended);
            if (gone)
            {
                // CancelAsync runs the holder's callbacks off the client's I/O path.
                _ = lost.CancelAsync();
            }
        };
        _client.EventObserved += _lossObserver;
        if (await _client.ExistsAsync(ours, watch: true) is null)
        {
            await lost.CancelAsync();
        }
    }

    private void StopWatchingForLoss()
    {
        if (_lossObserver is not null)
        {
            _client.EventObserved -= _lossObserver;
            _lossObserver = null;
        }
    }

    private async Task DeleteQuietlyAsync(string node)
    {
        while (true)
        {
            try
            {
                await _client.DeleteAsync(node);
                return;
            }
            catch (KeeperException e) when (e.Code is KeeperErrorCode.NoNode or KeeperErrorCode.SessionExpired)
            {
                // Gone already, or gone with the session.
                return;
            }
            catch (ObjectDisposedException)
            {
                // The client was closed, which ended the session and its ephemeral nodes.
                return;
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.ConnectionLoss)
            {
                // Curator's guaranteed delete: retried on the next connection; NoNode then means the first one landed.
            }
        }
    }
}
