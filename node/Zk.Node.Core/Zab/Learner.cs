using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Zab;

/// <summary>
/// ZAB's learner side (ZooKeeper's Learner, Follower and Observer) for one leader.
/// Discovery: FOLLOWERINFO/OBSERVERINFO, then on LEADERINFO persist acceptedEpoch and ACKEPOCH. Synchronization:
/// apply TRUNC/SNAP to the log, log the DIFF's proposals, remember its commits; on NEWLEADER persist currentEpoch and
/// ACK once everything received is durable; on UPTODATE apply what is committed and start serving. Broadcast: log
/// PROPOSALs and ACK them after fsync (followers), apply on COMMIT (or INFORM for observers), answer PINGs with the
/// sessions our clients touched, forward client writes as REQUESTs.
/// </summary>
/// <remarks>Nothing is applied before UPTODATE: until the leader's epoch is established its history may still lose.</remarks>
internal sealed class Learner(QuorumPeer peer, long leaderSid, bool isObserver)
{
    private readonly List<long> _toAck = [];
    private long _committedTo;
    private long _lastHeardMs;
    private long _deadlineMs;
    private long _newLeaderZxid = -1;
    private bool _ackNewLeaderPending;
    private bool _roleChanged;

    public long LeaderSid { get; } = leaderSid;

    private long TickMs => peer.Options.TickTimeMs;

    public void Start()
    {
        _lastHeardMs = peer.NowMs;
        _deadlineMs = peer.NowMs + (peer.Options.InitLimit * TickMs);
        var type = isObserver ? PacketType.ObserverInfo : PacketType.FollowerInfo;
        peer.Send(LeaderSid, new QuorumPacket(type, peer.Epochs.AcceptedEpoch << 32, ZabPackets.LearnerInfoData(peer.MyId, peer.Config.Version)));
    }

    public void Receive(QuorumPacket packet)
    {
        _lastHeardMs = peer.NowMs;
        if (peer.Phase == ZabPhase.Discovery && packet.PacketType != PacketType.LeaderInfo)
        {
            // Before LEADERINFO nothing from the leader belongs to our synchronization (the host may still hand us
            // what it sent an earlier connection of ours): logging it would put txns in our log that no DIFF covers.
            return;
        }

        switch (packet.PacketType)
        {
            case PacketType.LeaderInfo:
                LeaderInfo(packet.Zxid >> 32);
                break;
            case PacketType.Diff:
                _committedTo = Math.Max(_committedTo, Math.Min(packet.Zxid, peer.Log.LastLogged));
                break;
            case PacketType.Trunc:
                peer.Truncate(packet.Zxid);
                break;
            case PacketType.Snap:
                peer.InstallSnapshot(packet.Zxid, packet.Data ?? []);
                _toAck.Clear();
                break;
            case PacketType.Proposal:
                Proposal(packet);
                break;
            case PacketType.Commit or PacketType.CommitAndActivate:
                // The reconfig's configuration becomes active when its txn is applied (ServerCore.ConfigApplied).
                _committedTo = Math.Max(_committedTo, packet.Zxid);
                ApplyCommitted();
                if (packet.PacketType == PacketType.CommitAndActivate && FollowDesignated(packet))
                {
                    return;
                }

                break;
            case PacketType.Inform or PacketType.InformAndActivate:
                {
                    var record = ZabPackets.InformedRecord(packet);
                    if (record is not null && !ZabPackets.IsWellFormedTxn(record))
                    {
                        peer.StepDown("the leader informed us of a malformed txn");
                        return;
                    }

                    if (packet.Zxid > peer.Log.LastLogged && record is not null)
                    {
                        peer.Persist(new LoggedTxn(packet.Zxid, record));
                    }

                    _committedTo = Math.Max(_committedTo, packet.Zxid);
                    ApplyCommitted();
                    if (packet.PacketType == PacketType.InformAndActivate && FollowDesignated(packet))
                    {
                        return;
                    }

                    break;
                }

            case PacketType.NewLeader:
                if (ZabPackets.ConfigOf(packet.Data) is { } config)
                {
                    peer.ActivateConfig(config);
                }

                _newLeaderZxid = packet.Zxid;
                peer.SetEpochs(peer.Epochs with { CurrentEpoch = packet.Zxid >> 32 });
                _ackNewLeaderPending = true;

                // The NEWLEADER ack covers everything the synchronization sent.
                _toAck.Clear();
                TryAckNewLeader();
                break;
            case PacketType.UpToDate:
                if (!_ackNewLeaderPending && _newLeaderZxid >= 0)
                {
                    peer.SetPhase(ZabPhase.Broadcast);
                    peer.Core.Mode = ServerMode.Learner;
                    ApplyCommitted();
                }

                break;
            case PacketType.Ping:
                peer.Send(LeaderSid, new QuorumPacket(PacketType.Ping, peer.Log.LastLogged, ZabPackets.Touches(peer.Core.TakeTouches())));
                break;
            case PacketType.Sync:
                peer.Core.SyncArrived();
                break;
            case PacketType.Revalidate when ZabPackets.ReadRevalidateAnswer(packet.Data) is { } answer:
                peer.Core.Revalidated(answer.SessionId, answer.Valid, peer.NowMs);
                break;
            default:
                break;
        }

        if (_roleChanged && peer.Phase == ZabPhase.Broadcast)
        {
            peer.StepDown("our role changed in the new configuration");
        }
    }

    /// <summary>
    /// The reconfig just activated names another leader (ours left the voters): go to it without an election. Only
    /// once the reconfig is applied here, so the new configuration is the one discovery counts with. True when this
    /// learner is finished.
    /// </summary>
    private bool FollowDesignated(QuorumPacket packet)
    {
        if (ZabPackets.DesignatedLeaderOf(packet.Data) is not { } designated || designated == LeaderSid
            || peer.Config.Version < packet.Zxid || !peer.Config.IsVoter(designated))
        {
            return false;
        }

        peer.HandOver(designated, packet.Zxid);
        return true;
    }

    /// <summary>Called by the peer when a configuration became active: a learner whose role changed starts over.</summary>
    public void ConfigActivated()
    {
        var config = peer.Config;
        // A server missing from the configuration goes on as a non-voting learner (a joiner whose reconfig has not
        // committed yet, or a removed server the operator is about to stop).
        _roleChanged = config.Contains(peer.MyId) && config.IsVoter(peer.MyId) == isObserver;
    }

    public void Persisted()
    {
        TryAckNewLeader();
        SendAcks();
    }

    /// <summary>ACK every logged proposal that is durable now, in order (never before the NEWLEADER ack).</summary>
    private void SendAcks()
    {
        if (_ackNewLeaderPending)
        {
            return;
        }

        long durable = peer.Options.BugAckBeforeFsync ? long.MaxValue : peer.DurableZxid;
        while (_toAck.Count > 0 && _toAck[0] <= durable)
        {
            peer.Send(LeaderSid, new QuorumPacket(PacketType.Ack, _toAck[0]));
            _toAck.RemoveAt(0);
        }
    }

    public void Tick()
    {
        long now = peer.NowMs;
        if (peer.Phase == ZabPhase.Broadcast ? now - _lastHeardMs > peer.Options.SyncLimit * TickMs : now > _deadlineMs)
        {
            peer.StepDown("the leader went silent");
        }
    }

    public void Flush()
    {
        if (peer.Phase != ZabPhase.Broadcast)
        {
            return;
        }

        foreach (var (sessionId, timeoutMs) in peer.Core.TakeRevalidations())
        {
            peer.Send(LeaderSid, new QuorumPacket(PacketType.Revalidate, 0, ZabPackets.RevalidateRequest(sessionId, timeoutMs)));
        }

        foreach (var request in peer.Core.TakeForwarded())
        {
            peer.Send(LeaderSid, ZabPackets.Request(request));
        }
    }

    private void LeaderInfo(long newEpoch)
    {
        var epochs = peer.Epochs;
        if (newEpoch > epochs.AcceptedEpoch)
        {
            peer.SetEpochs(epochs with { AcceptedEpoch = newEpoch });
            peer.Send(LeaderSid, new QuorumPacket(PacketType.AckEpoch, peer.Log.LastLogged, ZabPackets.Int((int)epochs.CurrentEpoch)));
        }
        else if (newEpoch == epochs.AcceptedEpoch)
        {
            peer.Send(LeaderSid, new QuorumPacket(PacketType.AckEpoch, peer.Log.LastLogged, ZabPackets.Int(-1)));
        }
        else
        {
            peer.StepDown("the leader proposed an epoch older than the one we accepted");
            return;
        }

        peer.SetPhase(ZabPhase.Synchronization);
    }

    private void Proposal(QuorumPacket packet)
    {
        if (packet.Data is not { } record || packet.Zxid <= peer.Log.LastLogged)
        {
            return;
        }

        if (!ZabPackets.IsWellFormedTxn(record))
        {
            peer.StepDown("the leader proposed a malformed txn");
            return;
        }

        peer.Persist(new LoggedTxn(packet.Zxid, record));
        if (!isObserver)
        {
            _toAck.Add(packet.Zxid);
            SendAcks();
        }
    }

    /// <summary>NEWLEADER is acknowledged once currentEpoch and every txn of the synchronization are durable.</summary>
    private void TryAckNewLeader()
    {
        if (!_ackNewLeaderPending || (peer.DurableZxid < peer.Log.LastLogged && !peer.Options.BugAckBeforeFsync))
        {
            return;
        }

        _ackNewLeaderPending = false;
        peer.Send(LeaderSid, new QuorumPacket(PacketType.Ack, _newLeaderZxid));
    }

    private void ApplyCommitted()
    {
        if (peer.Phase != ZabPhase.Broadcast)
        {
            return;
        }

        var core = peer.Core;
        peer.Log.CommitThrough(_committedTo, txn => core.ApplyCommitted(txn.Record));
    }
}
