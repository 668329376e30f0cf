using System.Buffers;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Quorum;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Zab;

/// <summary>
/// ZAB's leader (ZooKeeper's Leader + LearnerHandler) for one epoch.
/// Discovery: FOLLOWERINFO from a quorum fixes newEpoch = max(acceptedEpoch) + 1 (LEADERINFO); a quorum of ACKEPOCH
/// (none ahead of us) lets us adopt it as currentEpoch. Synchronization: each learner gets DIFF (the txns it lacks
/// from <see cref="ZabLog"/>), TRUNC (it holds txns outside our history) then DIFF, or SNAP (it is older than our
/// window), then NEWLEADER; a quorum of NEWLEADER acks establishes the epoch: our own log tail is committed and
/// applied, clients are served and synced learners get UPTODATE. Broadcast: proposals in zxid order, commit in order
/// once a quorum of voters (us included, after fsync) acknowledged; observers get INFORM.
/// </summary>
internal sealed class Leader(QuorumPeer peer)
{
    private readonly Dictionary<long, LearnerHandler> _learners = [];
    private readonly List<(long Sid, long AwaitZxid)> _pendingSyncs = [];

    // Reconfigs proposed (or found in our log tail) and not committed yet: every txn from one of them on needs a
    // quorum of that configuration too, so that both the old and the new configuration hold it.
    private readonly List<(long Zxid, QuorumConfig Config)> _pendingConfigs = [];
    private bool _activated;
    private long? _designated;
    private long _newEpoch = -1;
    private bool _epochAcked;
    private bool _established;
    private long _deadlineMs;
    private long _nextPingMs;
    private long _lastCommitted;

    public IReadOnlyList<long> SyncedLearners =>
        [.. _learners.Values.Where(h => h.Stage >= LearnerStage.Synced).Select(h => h.Sid).Order()];

    private long TickMs => peer.Options.TickTimeMs;

    private long NewLeaderZxid => _newEpoch << 32;

    public void Start()
    {
        foreach (var txn in peer.Log.Tail)
        {
            if (ZabPackets.ReconfigOf(txn.Record) is { } config && config.Version > peer.Config.Version)
            {
                _pendingConfigs.Add((txn.Zxid, config));
            }
        }

        _deadlineMs = peer.NowMs + (peer.Options.InitLimit * TickMs);
        _nextPingMs = peer.NowMs + (TickMs / 2);
        TryDecideEpoch();
    }

    public void Close()
    {
        foreach (long sid in _learners.Keys.Order().ToList())
        {
            peer.Close(sid);
        }

        _learners.Clear();
    }

    public void Receive(long sid, QuorumPacket packet)
    {
        if (packet.PacketType is PacketType.FollowerInfo or PacketType.ObserverInfo)
        {
            Connected(sid, packet);
            return;
        }

        if (!_learners.TryGetValue(sid, out var handler))
        {
            return;
        }

        handler.LastHeardMs = peer.NowMs;
        switch (packet.PacketType)
        {
            case PacketType.AckEpoch:
                AckEpoch(handler, packet);
                break;
            case PacketType.Ack:
                Ack(handler, packet.Zxid);
                break;
            case PacketType.Ping:
                foreach (long session in ZabPackets.ReadTouches(packet.Data))
                {
                    peer.Core.TouchRemote(session, peer.NowMs);
                }

                break;
            case PacketType.Revalidate when _established && handler.Stage == LearnerStage.UpToDate && packet.Data is { Length: >= 12 } data:
                {
                    long session = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(data);
                    bool valid = peer.Core.Revalidate(session, peer.NowMs);
                    peer.Send(sid, new QuorumPacket(PacketType.Revalidate, 0, ZabPackets.RevalidateAnswer(session, valid)));
                    break;
                }

            case PacketType.Request when _established && handler.Stage == LearnerStage.UpToDate:
                if (ZabPackets.ReadRequest(packet) is { } request)
                {
                    if (request.Type == Protocol.Client.OpCode.Sync)
                    {
                        _pendingSyncs.Add((sid, peer.Core.LastProposedZxid));
                        AnswerSyncs();
                    }
                    else
                    {
                        peer.Core.SubmitForwarded(request, peer.NowMs);
                    }
                }

                break;
            default:
                break;
        }
    }

    public void Disconnected(long sid)
    {
        _learners.Remove(sid);
        _pendingSyncs.RemoveAll(s => s.Sid == sid);
    }

    public void Tick()
    {
        long now = peer.NowMs;
        if (!_established)
        {
            if (now > _deadlineMs)
            {
                peer.StepDown("no quorum established the epoch within initLimit");
            }

            return;
        }

        foreach (var handler in _learners.Values.OrderBy(h => h.Sid).ToList())
        {
            long limit = (handler.IsForwarding ? peer.Options.SyncLimit : peer.Options.InitLimit) * TickMs;
            if (now - handler.LastHeardMs > limit)
            {
                peer.Close(handler.Sid);
                Disconnected(handler.Sid);
            }
        }

        var alive = _learners.Values.Where(h => h.Stage >= LearnerStage.Synced).Select(h => h.Sid).Append(peer.MyId);
        if (!peer.Config.Verifier.ContainsQuorum(alive))
        {
            peer.StepDown("lost the quorum of synced followers");
            return;
        }

        if (now >= _nextPingMs)
        {
            _nextPingMs = now + (TickMs / 2);
            foreach (var handler in _learners.Values.Where(h => h.IsForwarding).OrderBy(h => h.Sid))
            {
                peer.Send(handler.Sid, new QuorumPacket(PacketType.Ping, peer.Log.LastLogged));
            }
        }
    }

    /// <summary>Our own log became durable further: that is our ACK.</summary>
    public void Persisted()
    {
        if (!_established && _epochAcked)
        {
            TryEstablish();
        }

        TryCommit();
    }

    public void Flush()
    {
    }

    /// <summary>The core prepared txns (an established leader only): log them and propose them to the followers.</summary>
    public void Propose(List<PendingTxn> txns)
    {
        foreach (var txn in txns)
        {
            peer.Persist(new LoggedTxn(txn.Zxid, txn.Record));
            foreach (var handler in Forwarding(observers: false))
            {
                peer.Send(handler.Sid, new QuorumPacket(PacketType.Proposal, txn.Zxid, txn.Record));
            }
        }

        TryCommit();
    }

    // ---------------------------------------------------------------- discovery

    private void Connected(long sid, QuorumPacket packet)
    {
        if (sid == peer.MyId)
        {
            peer.Close(sid);
            return;
        }

        // A server outside the configuration may sync as a non-voting follower (a joiner waiting for its reconfig);
        // only voters of the configuration count towards any quorum.
        Disconnected(sid);
        bool observer = packet.PacketType == PacketType.ObserverInfo;
        var handler = new LearnerHandler(sid, observer, packet.Zxid >> 32, peer.NowMs);
        _learners[sid] = handler;
        if (_newEpoch < 0)
        {
            TryDecideEpoch();
        }
        else
        {
            SendLeaderInfo(handler);
        }
    }

    /// <summary>getEpochToPropose: once a quorum of voters connected, the epoch is one past every accepted epoch seen.</summary>
    private void TryDecideEpoch()
    {
        var voters = _learners.Values.Where(h => !h.IsObserver).Select(h => h.Sid).Append(peer.MyId);
        if (!peer.Config.Verifier.ContainsQuorum(voters))
        {
            return;
        }

        _newEpoch = _learners.Values.Select(h => h.AcceptedEpoch).Append(peer.Epochs.AcceptedEpoch).Max() + 1;
        peer.SetEpochs(peer.Epochs with { AcceptedEpoch = _newEpoch });
        foreach (var handler in _learners.Values.OrderBy(h => h.Sid).ToList())
        {
            SendLeaderInfo(handler);
        }

        TryCompleteEpochAcks();
    }

    private void SendLeaderInfo(LearnerHandler handler)
    {
        if (handler.AcceptedEpoch > _newEpoch)
        {
            // It promised a later epoch to a leader that never established it, so it can never join ours (ZooKeeper
            // leaves it looping through elections). A new round counts its epoch in: step down. One that accepted our
            // very epoch (it followed us before it restarted, or another would-be leader of the same number) answers
            // ACKEPOCH -1, which never counts towards establishing it, and syncs like any other (getEpochToPropose).
            peer.StepDown("a learner accepted a later epoch");
            return;
        }

        peer.Send(handler.Sid, new QuorumPacket(PacketType.LeaderInfo, NewLeaderZxid, ZabPackets.Int(ZabPackets.ProtocolVersion)));
    }

    private void AckEpoch(LearnerHandler handler, QuorumPacket packet)
    {
        if (handler.Stage != LearnerStage.Connected || _newEpoch < 0)
        {
            return;
        }

        int epoch = ZabPackets.ReadInt(packet.Data);
        handler.CurrentEpoch = epoch;
        handler.LastZxid = packet.Zxid;
        handler.Stage = LearnerStage.EpochAcked;
        if (!handler.IsObserver && (epoch > peer.Epochs.CurrentEpoch || (epoch == peer.Epochs.CurrentEpoch && packet.Zxid > peer.Log.LastLogged)))
        {
            // waitForEpochAck: a follower is ahead of us, we must not lead.
            peer.StepDown("a follower is ahead of the leader");
            return;
        }

        if (_epochAcked)
        {
            Synchronize(handler);
            return;
        }

        TryCompleteEpochAcks();
    }

    /// <summary>
    /// waitForEpochAck. Also called right after the epoch is decided: with a single voter the leader alone is the
    /// quorum and no learner message would ever trigger this check.
    /// </summary>
    private void TryCompleteEpochAcks()
    {
        if (_epochAcked || _newEpoch < 0)
        {
            return;
        }

        // waitForEpochAck: a learner that had already accepted this epoch number (from another would-be leader) answers -1
        // and must not count, or two leaders could establish the same epoch.
        var acked = _learners.Values.Where(h => h.Stage >= LearnerStage.EpochAcked && !h.IsObserver && h.CurrentEpoch != -1).Select(h => h.Sid).Append(peer.MyId);
        if (peer.Config.Verifier.ContainsQuorum(acked))
        {
            _epochAcked = true;
            peer.SetEpochs(peer.Epochs with { CurrentEpoch = _newEpoch });
            if (peer.Config.Version == 0)
            {
                // ZOOKEEPER-1783: an initial configuration without a version gets the zxid of the first NEWLEADER.
                peer.ActivateConfig(peer.Config.WithVersion(NewLeaderZxid));
            }

            peer.SetPhase(ZabPhase.Synchronization);
            foreach (var h in _learners.Values.Where(h => h.Stage == LearnerStage.EpochAcked).OrderBy(h => h.Sid).ToList())
            {
                Synchronize(h);
            }

            TryEstablish();
        }
    }

    // ---------------------------------------------------------------- synchronization

    /// <summary>Everything up to here is committed from a learner's point of view (all our history, before establishment).</summary>
    private long CommittedThrough => _established ? _lastCommitted : peer.Log.LastLogged;

    private void Synchronize(LearnerHandler handler)
    {
        var log = peer.Log;
        long p = handler.LastZxid;
        long from;
        if (p == log.LastLogged || (p < log.LastLogged && p >= log.WindowBase && log.Contains(p)))
        {
            peer.Send(handler.Sid, new QuorumPacket(PacketType.Diff, CommittedThrough));
            from = p;
        }
        else if (TruncationPoint(p) is { } t)
        {
            peer.Send(handler.Sid, new QuorumPacket(PacketType.Trunc, t));
            from = t;
        }
        else
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            long snapZxid = peer.Core.WriteSnapshot(buffer);
            peer.Send(handler.Sid, new QuorumPacket(PacketType.Snap, snapZxid, buffer.WrittenSpan.ToArray()));
            from = snapZxid;
        }

        long committed = CommittedThrough;
        long last = from;
        foreach (var txn in log.After(from))
        {
            peer.Send(handler.Sid, new QuorumPacket(PacketType.Proposal, txn.Zxid, txn.Record));
            if (txn.Zxid <= committed)
            {
                peer.Send(handler.Sid, new QuorumPacket(PacketType.Commit, txn.Zxid));
            }

            last = txn.Zxid;
        }

        if (committed > 0 && last > 0)
        {
            // Marks how far the learner's own older log is committed too (it may not have needed any DIFF).
            peer.Send(handler.Sid, new QuorumPacket(PacketType.Commit, Math.Min(committed, last)));
        }

        handler.SyncedThrough = Math.Max(last, from);
        handler.Stage = LearnerStage.Syncing;
        peer.Send(handler.Sid, new QuorumPacket(PacketType.NewLeader, NewLeaderZxid, peer.Config.FormatBytes().ToArray()));
    }

    /// <summary>
    /// Where a learner that holds txns outside our history must cut its log: at our last txn of the same epoch below
    /// its last one (same epoch means the same leader issued both, so its log matches ours up to there); null when
    /// no such point is known (then it gets a SNAP).
    /// </summary>
    private long? TruncationPoint(long p)
    {
        var log = peer.Log;
        if (p < log.WindowBase)
        {
            return null;
        }

        long below = log.Below(p);
        if (below >= log.WindowBase && (below >> 32) == (p >> 32) && log.Contains(below))
        {
            return below;
        }

        return null;
    }

    private void AckNewLeader(LearnerHandler handler)
    {
        if (handler.Stage != LearnerStage.Syncing)
        {
            return;
        }

        handler.Stage = LearnerStage.Synced;
        handler.AckedZxid = Math.Max(handler.AckedZxid, handler.SyncedThrough);
        if (_established)
        {
            UpToDate(handler);
            TryCommit();
        }
        else
        {
            TryEstablish();
        }
    }

    private void TryEstablish()
    {
        if (_established || !_epochAcked || peer.DurableZxid < peer.Log.LastLogged)
        {
            return;
        }

        var synced = _learners.Values.Where(h => h.Stage >= LearnerStage.Synced && !h.IsObserver).Select(h => h.Sid).Append(peer.MyId);
        if (!IsQuorum(synced, peer.Log.LastLogged))
        {
            return;
        }

        _established = true;
        var core = peer.Core;
        core.ReconfigPreparer = PrepareReconfig;
        core.ReconfigProposed = (zxid, config) => _pendingConfigs.Add((zxid, config));
        peer.Log.CommitThrough(peer.Log.LastLogged, txn => core.ApplyCommitted(txn.Record));
        _lastCommitted = peer.Log.Applied;
        core.BeginEpoch(_newEpoch);
        core.TouchAll(peer.NowMs);
        core.Mode = ServerMode.Leader;
        peer.SetPhase(ZabPhase.Broadcast);
        foreach (var handler in _learners.Values.Where(h => h.Stage == LearnerStage.Synced).OrderBy(h => h.Sid).ToList())
        {
            UpToDate(handler);
        }

        AfterActivation();
    }

    private void UpToDate(LearnerHandler handler)
    {
        handler.Stage = LearnerStage.UpToDate;
        peer.Send(handler.Sid, new QuorumPacket(PacketType.UpToDate, _lastCommitted));
    }

    // ---------------------------------------------------------------- broadcast

    private void Ack(LearnerHandler handler, long zxid)
    {
        if (zxid == NewLeaderZxid && (zxid & 0xffffffffL) == 0)
        {
            AckNewLeader(handler);
            return;
        }

        if (handler.IsObserver || handler.Stage < LearnerStage.Syncing)
        {
            return;
        }

        handler.AckedZxid = Math.Max(handler.AckedZxid, zxid);
        TryCommit();
    }

    /// <summary>Commits, in zxid order, every proposal a quorum of voters holds.</summary>
    private void TryCommit()
    {
        if (!_established)
        {
            return;
        }

        var log = peer.Log;
        long target = _lastCommitted;
        foreach (var txn in log.Tail)
        {
            var holders = _learners.Values.Where(h => !h.IsObserver && h.Stage >= LearnerStage.Syncing && h.AckedZxid >= txn.Zxid).Select(h => h.Sid);
            if (peer.DurableZxid >= txn.Zxid)
            {
                holders = holders.Append(peer.MyId);
            }

            bool quorum = peer.Options.BugCommitWithoutQuorum ? holders.Contains(peer.MyId) : IsQuorum(holders, txn.Zxid);
            if (!quorum)
            {
                break;
            }

            target = txn.Zxid;
            if (PendingConfig(txn.Zxid) is { } next && !next.IsVoter(peer.MyId))
            {
                // A leader leaving the voters commits nothing after its reconfig (allowedToCommit = false), so the
                // leader it designates, which acknowledged the reconfig, holds everything committed.
                break;
            }
        }

        if (target == _lastCommitted)
        {
            return;
        }

        foreach (var txn in log.After(_lastCommitted).Where(t => t.Zxid <= target).ToList())
        {
            bool activates = ZabPackets.IsReconfig(txn.Record);
            long designated = peer.MyId;
            if (activates && PendingConfig(txn.Zxid) is { } next)
            {
                designated = DesignatedLeader(txn.Zxid, next);
                _designated = designated;
            }

            foreach (var handler in Forwarding(observers: false))
            {
                peer.Send(handler.Sid, activates
                    ? new QuorumPacket(PacketType.CommitAndActivate, txn.Zxid, ZabPackets.Long(designated))
                    : new QuorumPacket(PacketType.Commit, txn.Zxid));
            }

            foreach (var handler in Forwarding(observers: true))
            {
                peer.Send(handler.Sid, activates
                    ? new QuorumPacket(PacketType.InformAndActivate, txn.Zxid, [.. ZabPackets.Long(designated), .. txn.Record])
                    : new QuorumPacket(PacketType.Inform, txn.Zxid, txn.Record));
            }
        }

        log.CommitThrough(target, apply: null);
        _lastCommitted = target;
        peer.Core.CommitThrough(target);
        AnswerSyncs();
        AfterActivation();
    }

    // ---------------------------------------------------------------- reconfiguration

    private QuorumConfig? PendingConfig(long zxid) => _pendingConfigs.Find(p => p.Zxid == zxid).Config;

    /// <summary>
    /// getDesignatedLeader: we stay the leader while we are a voter of <paramref name="next"/>; otherwise the new voter
    /// that acknowledged the reconfig and, of those, the most of what followed it (the one least likely to find a
    /// follower ahead of it in discovery). Our own id when no voter qualifies: learners then hold an election.
    /// </summary>
    private long DesignatedLeader(long zxid, QuorumConfig next)
    {
        if (next.IsVoter(peer.MyId))
        {
            return peer.MyId;
        }

        return _learners.Values
            .Where(h => !h.IsObserver && h.Stage >= LearnerStage.Syncing && h.AckedZxid >= zxid && next.IsVoter(h.Sid))
            .OrderByDescending(h => h.AckedZxid).ThenByDescending(h => h.Sid)
            .Select(h => h.Sid)
            .DefaultIfEmpty(peer.MyId)
            .First();
    }

    /// <summary>A quorum of the active configuration and of every reconfig pending at or before <paramref name="zxid"/>.</summary>
    private bool IsQuorum(IEnumerable<long> ids, long zxid)
    {
        var set = ids.ToHashSet();
        return peer.Config.Verifier.ContainsQuorum(set) && _pendingConfigs.Where(p => p.Zxid <= zxid).All(p => p.Config.Verifier.ContainsQuorum(set));
    }

    /// <summary>
    /// PrepRequestProcessor's reconfig checks that need the leader: one at a time (RECONFIGINPROGRESS), the
    /// arithmetic (BADVERSION, BADARGUMENTS), and a quorum of the new voters synced with us (NEWCONFIGNOQUORUM).
    /// </summary>
    private ReconfigResult PrepareReconfig(Protocol.Client.ReconfigRequest request, long zxid)
    {
        if (_pendingConfigs.Count > 0)
        {
            return ReconfigResult.Fail(Protocol.Client.KeeperErrorCode.ReconfigInProgress, null);
        }

        var result = Reconfig.Compute(peer.Config, request.JoiningServers, request.LeavingServers, request.NewMembers, request.CurConfigId, zxid, peer.Options.StandaloneEnabled);
        if (!result.IsOk)
        {
            return result;
        }

        var synced = _learners.Values.Where(h => h.Stage >= LearnerStage.Synced && !h.IsObserver).Select(h => h.Sid).Append(peer.MyId);
        if (!result.Config!.Verifier.ContainsQuorum(synced.ToHashSet()))
        {
            return ReconfigResult.Fail(Protocol.Client.KeeperErrorCode.NewConfigNoQuorum, null);
        }

        return result;
    }

    /// <summary>Called by the peer when a configuration became active; the consequences wait for <see cref="AfterActivation"/>.</summary>
    public void ConfigActivated()
    {
        _pendingConfigs.RemoveAll(p => p.Zxid <= peer.Config.Version);
        _activated = true;
    }

    /// <summary>
    /// After a commit that activated a configuration: learners whose role changed (or that left) reconnect, and a
    /// leader that is no longer a voter hands over to the leader it designated (its learners do the same when the
    /// COMMITANDACTIVATE reaches them), or steps down into an election when it could designate nobody.
    /// </summary>
    private void AfterActivation()
    {
        if (!_activated)
        {
            return;
        }

        _activated = false;
        var config = peer.Config;
        foreach (var handler in _learners.Values.OrderBy(h => h.Sid).ToList())
        {
            bool roleChanged = handler.IsObserver ? config.Voters.Contains(handler.Sid) : config.Observers.Contains(handler.Sid);
            if (roleChanged)
            {
                peer.Close(handler.Sid);
                Disconnected(handler.Sid);
            }
        }

        if (!config.IsVoter(peer.MyId))
        {
            if (_designated is { } designated && designated != peer.MyId)
            {
                peer.HandOver(designated, config.Version);
            }
            else
            {
                peer.StepDown("this leader is not a voter of the new configuration");
            }
        }
    }

    private void AnswerSyncs()
    {
        foreach (var (sid, awaitZxid) in _pendingSyncs.Where(s => s.AwaitZxid <= _lastCommitted).ToList())
        {
            peer.Send(sid, new QuorumPacket(PacketType.Sync, _lastCommitted));
        }

        _pendingSyncs.RemoveAll(s => s.AwaitZxid <= _lastCommitted);
    }

    private IEnumerable<LearnerHandler> Forwarding(bool observers) =>
        _learners.Values.Where(h => h.IsForwarding && h.IsObserver == observers).OrderBy(h => h.Sid);
}
