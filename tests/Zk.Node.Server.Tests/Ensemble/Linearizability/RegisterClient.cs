using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Ensemble.Support;

namespace Zk.Node.Server.Tests.Ensemble.Linearizability;

/// <summary>
/// One client of the linearizability run: a raw session on one member doing random reads (sync + getData), writes
/// (setData -1) and compare-and-sets (setData at the last version it saw) on one znode, recording each with its
/// invocation and answer times. When its connection dies the op in flight is recorded unanswered and the client
/// opens a new session on the next member.
/// </summary>
internal sealed class RegisterClient
{
    private readonly int _id;
    private readonly EnsembleProcess _ensemble;
    private readonly string _path;
    private readonly ConcurrentQueue<RegisterOp> _history;
    private readonly Random _random;
    private int _member;
    private int _lastVersion;
    private int _written;

    public RegisterClient(int id, EnsembleProcess ensemble, string path, ConcurrentQueue<RegisterOp> history)
    {
        _id = id;
        _ensemble = ensemble;
        _path = path;
        _history = history;
        _random = new Random(id);
        _member = id;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        RawSession? session = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (session is null)
                {
                    session = await OpenAsync(stop);
                    if (session is null)
                    {
                        continue;
                    }
                }

                if (!await OneOpAsync(session))
                {
                    await session.DisposeAsync();
                    session = null;
                    _member++;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    private async Task<RawSession?> OpenAsync(CancellationToken stop)
    {
        var member = _ensemble.Members[_member % _ensemble.Members.Count];
        try
        {
            return await RawSession.OpenAsync(member.ClientPort, 4000);
        }
        catch (Exception e) when (e is IOException or SocketException or JuteException)
        {
            _member++;
            try
            {
                await Task.Delay(50, stop); // retry pacing against a member that is down, not synchronisation
            }
            catch (OperationCanceledException)
            {
            }

            return null;
        }
    }

    /// <summary>False when the connection died (the op is recorded as unanswered unless it was a read).</summary>
    private async Task<bool> OneOpAsync(RawSession session)
    {
        int choice = _random.Next(3);
        long invoke = Stopwatch.GetTimestamp();
        try
        {
            if (choice == 0)
            {
                var synced = await session.SendAsync(OpCode.Sync, new SyncRequest(_path));
                if (!IsOk(synced))
                {
                    return false;
                }

                var frames = await session.SendAsync(OpCode.GetData, new GetDataRequest(_path, false));
                if (!IsOk(frames))
                {
                    return false;
                }

                var reader = new JuteReader(frames[^1].Body);
                var reply = GetDataResponse.Read(ref reader);
                _lastVersion = reply.Stat.Version;
                _history.Enqueue(RegisterOp.Read(_id, invoke, Stopwatch.GetTimestamp(), Encoding.UTF8.GetString(reply.Data ?? []), reply.Stat.Version));
                return true;
            }

            string value = $"c{_id}-{_written++}";
            bool cas = choice == 2;
            int expected = cas ? _lastVersion : -1;
            var result = await session.SendAsync(OpCode.SetData, new SetDataRequest(_path, Encoding.UTF8.GetBytes(value), expected));
            long answered = Stopwatch.GetTimestamp();
            var last = result[^1];
            if (!last.IsClosed && last.Header.Err == KeeperErrorCode.Ok)
            {
                var reader = new JuteReader(last.Body);
                int version = SetDataResponse.Read(ref reader).Stat.Version;
                _lastVersion = version;
                _history.Enqueue(cas
                    ? RegisterOp.CompareAndSet(_id, invoke, answered, expected, value, succeeded: true, version)
                    : RegisterOp.Write(_id, invoke, answered, value, version));
                return true;
            }

            if (cas && !last.IsClosed && last.Header.Err == KeeperErrorCode.BadVersion)
            {
                _history.Enqueue(RegisterOp.CompareAndSet(_id, invoke, answered, expected, value, succeeded: false));
                return true;
            }

            // Closed, or an error that says nothing certain about whether the write happened.
            _history.Enqueue(cas
                ? RegisterOp.CompareAndSet(_id, invoke, null, expected, value, succeeded: false)
                : RegisterOp.Write(_id, invoke, null, value));
            return false;
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or ObjectDisposedException or JuteException)
        {
            if (choice != 0)
            {
                _history.Enqueue(choice == 2
                    ? RegisterOp.CompareAndSet(_id, invoke, null, _lastVersion, $"c{_id}-{_written - 1}", succeeded: false)
                    : RegisterOp.Write(_id, invoke, null, $"c{_id}-{_written - 1}"));
            }

            return false;
        }
    }

    private static bool IsOk(List<Frame> frames) => !frames[^1].IsClosed && frames[^1].Header.Err == KeeperErrorCode.Ok;
}
