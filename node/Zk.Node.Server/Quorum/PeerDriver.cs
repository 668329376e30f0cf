using System.Buffers;
using System.Net.Sockets;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;
using Zk.Node.Storage;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// Drives an ensemble member's <see cref="QuorumPeer"/> on the core thread and applies its <see cref="PeerReady"/>
/// in the documented order: TRUNC, SNAP install, txns and epoch files all go to the log thread in that order, and a
/// batch whose messages vouch for durable state waits behind a durability barrier for everything logged so far, so
/// an ACK, ACKEPOCH or NEWLEADER ack never leaves before what it vouches for is on disk. Other batches are sent at
/// once unless earlier ones are still waiting, which keeps each peer's messages in order.
/// </summary>
internal sealed class PeerDriver : ICoreDriver, IQuorumTransportEvents
{
    private readonly QuorumPeer _peer;
    private readonly CoreLoop _loop;
    private readonly TxnLogWriter _logWriter;
    private readonly SnapshotWriter _snapshots;
    private readonly NodeStorage _storage;
    private readonly NodeInfo _node;
    private readonly NodeLog _log;
    private readonly IReadOnlyDictionary<long, PeerEndpoint> _quorumEndpoints;
    private readonly string _dynamicConfigPath;
    private readonly Dictionary<long, long> _live = [];
    private readonly List<QuorumPacket> _toLeader = [];
    private readonly Queue<(long Barrier, PeerReady Ready)> _waiting = new();
    private long? _connectingTo;
    private long _barriers;
    private long _durableBarrier;
    private bool _listening;
    private PeerEpochs _writtenEpochs;

    public PeerDriver(
        QuorumPeer peer,
        CoreLoop loop,
        TxnLogWriter logWriter,
        SnapshotWriter snapshots,
        NodeStorage storage,
        NodeInfo node,
        IReadOnlyDictionary<long, PeerEndpoint> quorumEndpoints,
        string dynamicConfigPath,
        NodeLog log)
    {
        _dynamicConfigPath = dynamicConfigPath;
        _peer = peer;
        _loop = loop;
        _logWriter = logWriter;
        _snapshots = snapshots;
        _storage = storage;
        _node = node;
        _quorumEndpoints = quorumEndpoints;
        _log = log;
        _writtenEpochs = peer.Epochs;
    }

    /// <summary>Set by the host before the loop starts.</summary>
    public ElectionTransport? Election { get; set; }

    /// <summary>Set by the host before the loop starts.</summary>
    public QuorumTransport? Quorum { get; set; }

    public ServerCore Core => _peer.Core;

    public long PendingClientSendBytes => _peer.PendingClientSendBytes;

    public QuorumPeer Peer => _peer;

    /// <summary>Quorum connections the core knows to be live (a leader's learners, or a learner's leader).</summary>
    public int LiveQuorumConnections => _live.Count;

    /// <summary>Election channel callback (I/O thread): decode and hand to the core thread.</summary>
    public void ElectionMessage(long sid, byte[] message)
    {
        Notification notification;
        try
        {
            var reader = new JuteReader(message, message.Length);
            notification = Notification.Read(ref reader);
        }
        catch (JuteException e)
        {
            _log.Warn($"ignoring malformed notification from server {sid}: {e.Message}");
            return;
        }

        _loop.Post(new CoreInput.ElectionMessage(sid, notification));
    }

    public void LearnerConnected(long sid, long connection, Core.Quorum.LearnerRole role) => _loop.Post(new CoreInput.LearnerConnected(sid, connection, role));

    public void LeaderConnected(long leaderSid, long connection) => _loop.Post(new CoreInput.LeaderConnected(leaderSid, connection));

    public void LeaderUnreachable(long leaderSid) => _loop.Post(new CoreInput.LeaderUnreachable(leaderSid));

    public void Received(long sid, long connection, QuorumPacket packet) => _loop.Post(new CoreInput.QuorumReceived(sid, connection, packet));

    public void Disconnected(long sid, long connection) => _loop.Post(new CoreInput.QuorumClosed(sid, connection));

    public void Dispatch(CoreInput input, long nowMs)
    {
        switch (input)
        {
            case CoreInput.Connect c:
                _peer.Connect(c.Connection, c.Payload, c.RemoteAddress, nowMs);
                break;
            case CoreInput.Receive r:
                _peer.Receive(r.Connection, r.Payload, nowMs);
                break;
            case CoreInput.Disconnected d:
                _peer.Disconnected(d.Connection, nowMs);
                break;
            case CoreInput.Persisted p:
                _peer.Persisted(p.Zxid);
                break;
            case CoreInput.Tick:
                _peer.Tick(nowMs);
                break;
            case CoreInput.ElectionMessage m:
                _peer.ReceiveElection(m.Sid, m.Message, nowMs);
                break;
            case CoreInput.LearnerConnected l:
                if (_live.TryGetValue(l.Sid, out long previous) && previous != l.Connection)
                {
                    // Its new connection replaces the old one, whose close may still be on its way (and would then be
                    // ignored as stale): the leader must forget the old learner before anything is sent on the new one.
                    _peer.QuorumDisconnected(l.Sid, nowMs);
                }

                _live[l.Sid] = l.Connection;
                break;
            case CoreInput.LeaderConnected l when _connectingTo == l.Sid:
                _connectingTo = null;
                _live[l.Sid] = l.Connection;
                foreach (var packet in _toLeader)
                {
                    Quorum!.Send(l.Sid, l.Connection, packet);
                }

                _toLeader.Clear();
                break;
            case CoreInput.LeaderConnected stale:
                // A connect we no longer want (the peer moved on): drop it quietly.
                if (!_live.ContainsKey(stale.Sid))
                {
                    Quorum!.Close(stale.Sid);
                }

                break;
            case CoreInput.LeaderUnreachable u when _connectingTo == u.Sid:
                _connectingTo = null;
                _toLeader.Clear();
                _peer.QuorumDisconnected(u.Sid, nowMs);
                break;
            case CoreInput.QuorumReceived q when _live.TryGetValue(q.Sid, out long c) && c == q.Connection:
                _peer.ReceiveQuorum(q.Sid, q.Packet, nowMs);
                break;
            case CoreInput.QuorumClosed q when _live.TryGetValue(q.Sid, out long c) && c == q.Connection:
                _live.Remove(q.Sid);
                _peer.QuorumDisconnected(q.Sid, nowMs);
                break;
            case CoreInput.Durable d:
                _durableBarrier = Math.Max(_durableBarrier, d.Barrier);
                while (_waiting.Count > 0 && _waiting.Peek().Barrier <= _durableBarrier)
                {
                    Send(_waiting.Dequeue().Ready);
                }

                break;
        }
    }

    public void Drain(CoreLoop loop)
    {
        while (_peer.HasReady)
        {
            Apply(_peer.TakeReady());
        }

        Quorum!.Flush();
    }

    private void Apply(PeerReady ready)
    {
        bool storage = false;
        if (ready.TruncateAfter is long truncateAfter)
        {
            _log.Info($"TRUNC: dropping logged txns after 0x{truncateAfter:x}");
            _logWriter.Then(() => _storage.Log.TruncateAfter(truncateAfter));
            storage = true;
        }

        if (ready.Snapshot is { } install)
        {
            _log.Info($"SNAP: installing the leader's snapshot at 0x{install.Zxid:x} ({install.Payload.Length} bytes)");
            _logWriter.Then(() =>
            {
                _storage.Snapshots.Write(install.Zxid, install.Payload);
                _storage.Log.TruncateAfter(install.Zxid);
            });
            storage = true;
        }

        if (ready.Persist.Count > 0)
        {
            _logWriter.Enqueue(ready.Persist);
            storage = true;
        }

        if (ready.Epochs is { } epochs)
        {
            var previous = _writtenEpochs;
            _writtenEpochs = epochs;
            _logWriter.Then(() =>
            {
                // acceptedEpoch first: currentEpoch never runs ahead of it on disk.
                if (epochs.AcceptedEpoch != previous.AcceptedEpoch)
                {
                    _storage.AcceptedEpoch.Write(epochs.AcceptedEpoch);
                }

                if (epochs.CurrentEpoch != previous.CurrentEpoch)
                {
                    _storage.CurrentEpoch.Write(epochs.CurrentEpoch);
                }
            });
            storage = true;
        }

        if (ready.ConfigChanged is { } membership)
        {
            // Not a durability point (a crash before the rewrite is recovered from the log), but kept in log order.
            string text = membership.Format() + "\n";
            _log.Info($"membership version 0x{membership.Version:x} active: {membership.Voters.Count} voters, {membership.Observers.Count} observers; writing {_dynamicConfigPath}");
            _logWriter.Then(() => WriteDynamicConfig(text));
        }

        if (storage)
        {
            long barrier = ++_barriers;
            _logWriter.Then(() => _loop.Post(new CoreInput.Durable(barrier)));
        }

        foreach (string fault in ready.ClientFaults)
        {
            _loop.LogRequestFault(fault);
        }

        bool hasMessages = ready.Election.Count + ready.Quorum.Count + ready.ClientSends.Count + ready.ClientCloses.Count > 0;
        if (hasMessages)
        {
            // What vouches for durable state waits for the log thread: ACK and ACKEPOCH (a NEWLEADER ack is an ACK),
            // and anything batched with a TRUNC, SNAP or epoch change. A leader's PROPOSALs and COMMITs go out while
            // its own log write is in flight, as in ZooKeeper, where the leader's ack only counts once it is durable.
            bool vouches = ready.TruncateAfter is not null || ready.Snapshot is not null || ready.Epochs is not null
                || ready.Quorum.Exists(a => a.Packet is { PacketType: PacketType.Ack or PacketType.AckEpoch });
            if (_waiting.Count > 0 || (vouches && _barriers > _durableBarrier))
            {
                _waiting.Enqueue((_barriers, ready));
            }
            else
            {
                Send(ready);
            }
        }

        if (ready.SnapshotDue)
        {
            _snapshots.TakeSnapshot(_peer.Core, _logWriter);
        }

        if (ready.StateChanged)
        {
            OnStateChanged();
        }
    }

    private void Send(PeerReady ready)
    {
        if (ready.Election.Count > 0)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            foreach (var outbound in ready.Election)
            {
                if (_peer.Config.Find(outbound.To) is { } spec)
                {
                    Election!.AddPeer(outbound.To, new PeerEndpoint(spec.Host, spec.ElectionPort));
                }

                buffer.ResetWrittenCount();
                outbound.Message.Write(new JuteWriter(buffer));
                Election!.Send(outbound.To, buffer.WrittenSpan.ToArray());
            }
        }

        foreach (var action in ready.Quorum)
        {
            if (action.Packet is { } packet)
            {
                SendQuorum(action.Sid, packet);
            }
            else
            {
                CloseQuorum(action.Sid);
            }
        }

        foreach (var frame in ready.ClientSends)
        {
            _loop.SendToClient(frame.Connection, frame.Payload);
        }

        foreach (var malformed in ready.ClientMalformed)
        {
            _loop.ReportMalformed(malformed);
        }

        foreach (var id in ready.ClientCloses)
        {
            _loop.CloseClient(id);
        }
    }

    private void SendQuorum(long sid, QuorumPacket packet)
    {
        if (_live.TryGetValue(sid, out long connection))
        {
            Quorum!.Send(sid, connection, packet);
            return;
        }

        if (_peer.State == ServerState.Leading)
        {
            return; // that learner is gone; the leader hears of it from QuorumDisconnected
        }

        // A learner's first packet to its leader: connect on first send, hold packets until the socket is up.
        if (_connectingTo != sid)
        {
            // The current membership first (reconfig may have added the leader), then the server.N lines.
            PeerEndpoint? endpoint = _peer.Config.Find(sid) is { } spec ? new PeerEndpoint(spec.Host, spec.QuorumPort)
                : _quorumEndpoints.TryGetValue(sid, out var configured) ? configured : null;
            if (endpoint is null)
            {
                _log.Warn($"no quorum address for leader {sid}");
                _loop.Post(new CoreInput.LeaderUnreachable(sid));
                _connectingTo = sid;
                return;
            }

            _connectingTo = sid;
            _toLeader.Clear();
            Quorum!.ConnectToLeader(sid, endpoint.Value);
        }

        _toLeader.Add(packet);
    }

    private void CloseQuorum(long sid)
    {
        if (_live.Remove(sid, out long connection))
        {
            Quorum!.Close(sid, connection);
        }

        if (_connectingTo == sid)
        {
            _connectingTo = null;
            _toLeader.Clear();
            Quorum!.CancelLeaderConnect();
        }
    }

    private void WriteDynamicConfig(string text)
    {
        try
        {
            string tmp = _dynamicConfigPath + ".tmp";
            File.WriteAllText(tmp, text);
            File.Move(tmp, _dynamicConfigPath, overwrite: true);
        }
        catch (IOException e)
        {
            _log.Warn($"cannot write {_dynamicConfigPath}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            _log.Warn($"cannot write {_dynamicConfigPath}: {e.Message}");
        }
    }

    private void OnStateChanged()
    {
        var state = _peer.State;
        _node.Mode = state switch
        {
            ServerState.Leading => "leader",
            ServerState.Following => "follower",
            ServerState.Observing => "observer",
            _ when _peer.IsReadOnly => "read-only",
            _ => "looking",
        };
        _node.Serving = _peer.IsServing || _peer.IsReadOnly;
        _log.Info($"now {state.ToString().ToUpperInvariant()} ({_peer.Phase}), leader {_peer.LeaderId?.ToString() ?? "none"}, epochs {_peer.Epochs.AcceptedEpoch}/{_peer.Epochs.CurrentEpoch}, last logged 0x{_peer.LastLoggedZxid:x}");
        if (state == ServerState.Leading && !_listening)
        {
            try
            {
                Quorum!.StartListening();
                _listening = true;
            }
            catch (SocketException e)
            {
                // Learners will time out and a new election follows; nothing better to do here.
                _log.Error($"cannot listen on the quorum port: {e.Message}");
            }
        }
        else if (state != ServerState.Leading && _listening)
        {
            _listening = false;
            Quorum!.StopListening();
            _live.Clear();
        }

        if (state == ServerState.Looking)
        {
            _connectingTo = null;
            _toLeader.Clear();
            _live.Clear();
            Quorum!.CloseAll();
        }
    }
}
