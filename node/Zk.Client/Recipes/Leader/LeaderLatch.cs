using System.Text;
using System.Threading.Channels;
using Zk.Node.Protocol.Client;

namespace Zk.Client.Recipes.Leader;

/// <summary>
/// Leader election with Apache Curator 5.x's LeaderLatch layout and protocol, so .NET and Java participants elect one
/// leader among themselves:
/// <code>
/// /path
///   _c_&lt;uuid&gt;-latch-0000000003    ephemeral-sequential, data = the participant's id (UTF-8); lowest sequence leads
///   _c_&lt;uuid&gt;-latch-0000000004    watches ...03 only
/// </code>
/// </summary>
/// <remarks>
/// Failure behaviour, as Curator's: leadership is given up as soon as the connection drops (SUSPENDED) and re-checked
/// when it returns; a participant whose session expires or closes is no longer a leader and stops (its node is gone
/// with the session, so the next participant leads). Unlike Curator, a reconnect within the session keeps the
/// participant's node and place in the queue rather than re-creating it: the node is still owned by this session, so
/// the election stays correct and avoids a needless change of leader.
/// </remarks>
public sealed class LeaderLatch : IAsyncDisposable
{
    /// <summary>The name Curator's LeaderLatch gives its nodes (after the protected prefix).</summary>
    public const string LatchName = "latch-";

    private readonly ZkClient _client;
    private readonly Channel<WatchedEvent> _wakeups = Channel.CreateUnbounded<WatchedEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<WatchedEvent> _observer;
    private TaskCompletionSource _leading = NewSignal();
    private Task? _loop;
    private string? _ourPath;
    private volatile bool _hasLeadership;

    /// <param name="client">The session that owns the participant's node.</param>
    /// <param name="path">The latch's path (client-relative); Curator participants must use the same.</param>
    /// <param name="id">Stored in the node, as Curator's participant id.</param>
    public LeaderLatch(ZkClient client, string path, string id = "")
    {
        ArgumentNullException.ThrowIfNull(client);
        PathUtil.Validate(path);
        _client = client;
        Path = path;
        Id = id;
        _observer = e => _wakeups.Writer.TryWrite(e);
    }

    /// <summary>The latch's path.</summary>
    public string Path { get; }

    /// <summary>This participant's id.</summary>
    public string Id { get; }

    /// <summary>Whether this participant leads now.</summary>
    public bool HasLeadership => _hasLeadership;

    /// <summary>Raised with true when this participant becomes leader and false when it stops being one. Runs on the latch's loop: do not block.</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Joins the election: creates this participant's node and starts following the queue.</summary>
    public Task StartAsync()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the latch was already started");
        }

        _client.EventObserved += _observer;
        _loop = Task.Run(() => RunAsync(_stop.Token));
        return Task.CompletedTask;
    }

    /// <summary>Completes when this participant leads (at once if it does now).</summary>
    public Task AwaitLeadershipAsync(CancellationToken cancellationToken = default) => Volatile.Read(ref _leading).Task.WaitAsync(cancellationToken);

    /// <summary>The participants' nodes in election order (leader first).</summary>
    public async Task<IReadOnlyList<string>> GetParticipantNodesAsync()
    {
        try
        {
            return Curator.Sorted(await _client.GetChildrenAsync(Path), LatchName).Select(c => Curator.Join(Path, c)).ToList();
        }
        catch (KeeperException e) when (e.Code == KeeperErrorCode.NoNode)
        {
            return [];
        }
    }

    /// <summary>Leaves the election: deletes this participant's node, giving up leadership.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.EventObserved -= _observer;
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        SetLeadership(false);
        if (_ourPath is not null && _client.State is not (SessionState.Expired or SessionState.Closed))
        {
            try
            {
                await _client.DeleteAsync(_ourPath);
            }
            catch (KeeperException e) when (e.Code is KeeperErrorCode.NoNode or KeeperErrorCode.SessionExpired)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (_client.State is SessionState.Expired or SessionState.Closed)
            {
                SetLeadership(false);
                return;
            }

            try
            {
                string? watched = await CheckLeadershipAsync(stop);
                await WaitForChangeAsync(watched, stop);
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.ConnectionLoss)
            {
                SetLeadership(false);
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.SessionExpired)
            {
                SetLeadership(false);
                return;
            }
            catch (ObjectDisposedException)
            {
                SetLeadership(false);
                return;
            }
        }
    }

    /// <summary>LeaderLatch.checkLeadership: leads when first; else watches the predecessor. Returns the watched node.</summary>
    private async Task<string?> CheckLeadershipAsync(CancellationToken stop)
    {
        _ourPath ??= await Curator.CreateProtectedEphemeralSequentialAsync(_client, Path, LatchName, Encoding.UTF8.GetBytes(Id), stop);
        var sorted = Curator.Sorted(await _client.GetChildrenAsync(Path), LatchName);
        int index = sorted.IndexOf(Curator.NameOf(_ourPath));
        if (index < 0)
        {
            // Our node is gone (deleted by someone): rejoin at the back, as Curator's reset does.
            _ourPath = null;
            SetLeadership(false);
            return null;
        }

        if (index == 0)
        {
            SetLeadership(true);
            await _client.ExistsAsync(_ourPath, watch: true);
            return _ourPath;
        }

        SetLeadership(false);
        string predecessor = Curator.Join(Path, sorted[index - 1]);
        try
        {
            await _client.GetDataAsync(predecessor, watch: true);
        }
        catch (KeeperException e) when (e.Code == KeeperErrorCode.NoNode)
        {
            return null;
        }

        return predecessor;
    }

    /// <summary>Waits for an event on the watched node or a session change; a drop gives up leadership until the reconnect.</summary>
    private async Task WaitForChangeAsync(string? watched, CancellationToken stop)
    {
        if (watched is null)
        {
            return;
        }

        while (true)
        {
            var e = await _wakeups.Reader.ReadAsync(stop);
            if (e.Type == WatchEventType.None)
            {
                switch (e.State)
                {
                    case SessionState.Disconnected when _client.State is SessionState.Disconnected:
                        // Only a current drop: a stale one, queued before a reconnect this loop already used, is not.
                        SetLeadership(false);
                        continue;
                    case SessionState.SyncConnected or SessionState.ConnectedReadOnly:
                    case SessionState.Expired or SessionState.Closed:
                        return;
                    default:
                        continue;
                }
            }

            if (e.Path == watched)
            {
                return;
            }
        }
    }

    private void SetLeadership(bool leading)
    {
        if (_hasLeadership == leading)
        {
            return;
        }

        _hasLeadership = leading;
        if (leading)
        {
            Volatile.Read(ref _leading).TrySetResult();
        }
        else
        {
            Volatile.Write(ref _leading, NewSignal());
        }

        LeadershipChanged?.Invoke(leading);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
