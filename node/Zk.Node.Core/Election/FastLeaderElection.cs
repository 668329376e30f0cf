using System.Text;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Election;

/// <summary>
/// ZooKeeper 3.8's FastLeaderElection as a pure state machine: both the election loop (lookForLeader) and the
/// receiver that answers peers while this server is not looking (WorkerReceiver). Inputs are <see cref="Start"/>,
/// <see cref="Receive"/>, <see cref="Tick"/> and, from ZAB, <see cref="Restart"/>, <see cref="Designate"/>,
/// <see cref="UpdateElectionVote"/> and <see cref="UpdateConfig"/>; after each the host drains <see cref="TakeReady"/>.
/// </summary>
/// <remarks>
/// <para>
/// A round: bump the logical clock, propose ourselves (our last logged zxid and current epoch) and send the proposal
/// to every voter, ourselves included (our own notification loops back internally, never through the network).
/// A LOOKING notification from a later round resets the round's votes and adopts the better of its vote and our
/// initial one; from an earlier round it is ignored (the receiver answers a lagging looking sender with our proposal);
/// from our round it replaces our proposal when it is better (<see cref="Vote.IsBetter"/>). Once a quorum of the
/// round's votes match our proposal we wait <see cref="ElectionOptions.FinalizeWaitTicks"/>; a better notification
/// in that window resumes the round, any other one is discarded and restarts the wait, silence makes it final.
/// FOLLOWING and LEADING notifications join an established leader when a quorum of them agree and the leader itself
/// said it is leading (checkLeader). With no notification for a while we send ours again, waiting twice as long each
/// time up to <see cref="ElectionOptions.MaxNotificationIntervalTicks"/>.
/// </para>
/// <para>
/// Differences from ZooKeeper, all at its thread/socket seams: we always resend on a silent period (ZooKeeper
/// reconnects instead when its send queues are not empty); a newer configuration in a notification restarts the
/// round in place instead of replacing the election object; only the current configuration's voters are consulted
/// (ZooKeeper also counts a newer, not yet committed, last-seen configuration); the oracle of two-node ensembles
/// (QuorumOracleMaj) is not supported.
/// </para>
/// </remarks>
public sealed class FastLeaderElection
{
    private readonly bool _startedAsParticipant;
    private readonly ElectionOptions _options;
    private readonly Dictionary<long, Vote> _recvSet = [];
    private readonly Dictionary<long, Vote> _outOfElection = [];
    private readonly Queue<Notification> _loopback = new();
    private ElectionReady _ready = new();
    private long _initZxid;
    private long _initPeerEpoch;
    private long _proposedLeader;
    private long _proposedZxid;
    private long _proposedEpoch;
    private long _notTimeout;
    private long _pollDeadline;
    private long _finalizeDeadline;
    private bool _finalizing;
    private bool _started;
    private byte[] _configBytes;

    /// <param name="myId">This server's id.</param>
    /// <param name="config">The current dynamic configuration.</param>
    /// <param name="initialVote">Our own vote: leader = <paramref name="myId"/>, zxid = last logged zxid, peer epoch = current epoch.</param>
    /// <param name="logicalClock">The logical clock before the first round (ZooKeeper starts every process at 0).</param>
    public FastLeaderElection(long myId, QuorumConfig config, Vote initialVote, long logicalClock, ElectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _options = options ?? new ElectionOptions();
        _options.Validate();
        MyId = myId;
        Config = config;
        _configBytes = config.FormatBytes().ToArray();
        LogicalClock = logicalClock;
        CurrentVote = initialVote;
        _initZxid = initialVote.Zxid;
        _initPeerEpoch = initialVote.PeerEpoch;
        _startedAsParticipant = !config.Observers.Contains(myId);
    }

    public long MyId { get; }

    public QuorumConfig Config { get; private set; }

    /// <summary>LOOKING until a round decides, then LEADING, FOLLOWING or OBSERVING until <see cref="Restart"/>.</summary>
    public ServerState State { get; private set; } = ServerState.Looking;

    /// <summary>The election round (ZooKeeper's logicalclock).</summary>
    public long LogicalClock { get; private set; }

    /// <summary>The last decided vote (QuorumPeer.currentVote), the initial vote before any decision.</summary>
    public Vote CurrentVote { get; private set; }

    /// <summary>Our proposal in the current round (FastLeaderElection.getVote).</summary>
    public Vote Proposal => new(_proposedLeader, _proposedZxid, LogicalClock, _proposedEpoch);

    /// <summary>The election clock, in ticks.</summary>
    public long Now { get; private set; }

    /// <summary>
    /// LearnerType PARTICIPANT: a voter of the current configuration, or a server the configuration does not list
    /// that started as a participant — a joiner waiting for its reconfig follows (without a vote) rather than
    /// observes, as in ZooKeeper, so that its ACKs can form the new configuration's quorum.
    /// </summary>
    public bool IsParticipant => Config.IsVoter(MyId) || (!Config.Contains(MyId) && _startedAsParticipant);

    public bool HasReady => !_ready.IsEmpty;

    /// <summary>Starts the first round at <paramref name="nowTick"/>.</summary>
    public void Start(long nowTick)
    {
        if (_started)
        {
            throw new InvalidOperationException("the election was already started; use Restart to look for a leader again");
        }

        _started = true;
        Now = nowTick;
        LookForLeader();
        DrainLoopback();
    }

    /// <summary>
    /// Goes back to LOOKING (the peer lost its leader or followers) and starts a new round with our vote as it is
    /// now: <paramref name="initialVote"/> carries the last logged zxid and current epoch.
    /// </summary>
    public void Restart(Vote initialVote)
    {
        EnsureStarted();
        _initZxid = initialVote.Zxid;
        _initPeerEpoch = initialVote.PeerEpoch;
        LookForLeader();
        DrainLoopback();
    }

    /// <summary>
    /// QuorumPeer.updateVote with the reconfig flag: a committed reconfiguration named <paramref name="leader"/> as the
    /// next leader, so this server goes to it without an election round. Lookers are told this vote: its peer epoch is
    /// the reconfig's (every member handed over announces the same one, or a looker could not count them as a quorum
    /// following one leader), its round our last decision's.
    /// </summary>
    public ElectionDecision Designate(long leader, long zxid)
    {
        EnsureStarted();
        _finalizing = false;
        _recvSet.Clear();
        _outOfElection.Clear();
        _loopback.Clear();
        State = leader == MyId ? ServerState.Leading : IsParticipant ? ServerState.Following : ServerState.Observing;
        CurrentVote = new Vote(leader, zxid, CurrentVote.ElectionEpoch, zxid >> 32);
        return new ElectionDecision(CurrentVote, State);
    }

    /// <summary>QuorumPeer.updateElectionVote: the established leader moved to a new epoch; answers to lookers carry it.</summary>
    public void UpdateElectionVote(long newPeerEpoch) => CurrentVote = CurrentVote with { PeerEpoch = newPeerEpoch };

    /// <summary>A committed reconfiguration (from ZAB); takes effect for the votes counted from now on.</summary>
    public void UpdateConfig(QuorumConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _configBytes = config.FormatBytes().ToArray();
    }

    /// <summary>One tick of the election clock: finalizes a decision or resends notifications when it is time.</summary>
    public void Tick()
    {
        EnsureStarted();
        Now++;
        if (State != ServerState.Looking)
        {
            return;
        }

        if (_finalizing)
        {
            if (Now >= _finalizeDeadline)
            {
                Decide(_proposedLeader, new Vote(_proposedLeader, _proposedZxid, LogicalClock, _proposedEpoch));
            }

            return;
        }

        if (Now >= _pollDeadline)
        {
            SendNotifications();
            _notTimeout = Math.Min(_notTimeout * 2, _options.MaxNotificationIntervalTicks);
            _pollDeadline = Now + _notTimeout;
            DrainLoopback();
        }
    }

    /// <summary>A notification from server <paramref name="from"/> arrived on the election channel.</summary>
    public void Receive(long from, Notification notification)
    {
        EnsureStarted();
        Deliver(from, notification);
        DrainLoopback();
    }

    /// <summary>Takes the batch of work produced since the last call.</summary>
    public ElectionReady TakeReady()
    {
        var ready = _ready;
        _ready = new ElectionReady();
        return ready;
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            throw new InvalidOperationException("the election has not been started");
        }
    }

    private long InitId => Config.IsVoter(MyId) ? MyId : long.MinValue;

    private long InitZxid => IsParticipant ? _initZxid : long.MinValue;

    private long InitPeerEpoch => IsParticipant ? _initPeerEpoch : long.MinValue;

    private void LookForLeader()
    {
        State = ServerState.Looking;
        _recvSet.Clear();
        _outOfElection.Clear();
        _loopback.Clear();
        _finalizing = false;
        LogicalClock++;
        UpdateProposal(InitId, InitZxid, InitPeerEpoch);
        SendNotifications();
        _notTimeout = _options.MinNotificationIntervalTicks;
        _pollDeadline = Now + _notTimeout;
    }

    /// <summary>The receiver (WorkerReceiver): answers what needs answering, hands the rest to the round.</summary>
    private void Deliver(long from, Notification n)
    {
        if (!Config.IsVoter(from))
        {
            // Non-voters (observers) are told our current vote and nothing else happens.
            Send(from, CurrentVote.Leader, CurrentVote.Zxid, LogicalClock, State, CurrentVote.PeerEpoch);
            return;
        }

        if (n.Version > 1 && n.Config is { Length: > 0 } && State == ServerState.Looking && AdoptNewerConfig(n.Config))
        {
            return;
        }

        if (State == ServerState.Looking)
        {
            if (n.State == ServerState.Looking && n.ElectionEpoch < LogicalClock)
            {
                var v = Proposal;
                Send(from, v.Leader, v.Zxid, LogicalClock, State, v.PeerEpoch);
            }

            Process(from, n);
        }
        else if (n.State == ServerState.Looking)
        {
            // Tell a looking server which leader we follow (or that we lead).
            Send(from, CurrentVote.Leader, CurrentVote.Zxid, CurrentVote.ElectionEpoch, State, CurrentVote.PeerEpoch);
        }
    }

    /// <summary>
    /// A looking server that sees a newer configuration adopts it; when the membership changed the round is abandoned
    /// and a new one starts from logical clock 0 (ZooKeeper replaces the election object). True when the notification
    /// is consumed by that.
    /// </summary>
    private bool AdoptNewerConfig(byte[] configBytes)
    {
        var received = QuorumConfig.TryParse(Encoding.UTF8.GetString(configBytes), out _);
        if (received is null || received.Version <= Config.Version)
        {
            return false;
        }

        bool sameMembers = received.Members.Count == Config.Members.Count
            && received.Members.All(m => Config.Find(m.Id) == m);
        UpdateConfig(received);
        _ready.AdoptedConfig = received;
        if (sameMembers)
        {
            return false;
        }

        LogicalClock = 0;
        LookForLeader();
        return true;
    }

    /// <summary>One iteration of lookForLeader's loop for a received notification.</summary>
    private void Process(long from, Notification n)
    {
        _pollDeadline = Now + _notTimeout;
        if (_finalizing)
        {
            if (!Vote.IsBetter(n.Leader, n.Zxid, n.PeerEpoch, _proposedLeader, _proposedZxid, _proposedEpoch))
            {
                // Discarded, and the finalize wait starts over (ZooKeeper polls again with the full finalizeWait).
                _finalizeDeadline = Now + _options.FinalizeWaitTicks;
                return;
            }

            _finalizing = false;
        }

        if (!Config.IsVoter(from) || !Config.IsVoter(n.Leader))
        {
            return;
        }

        switch (n.State)
        {
            case ServerState.Looking:
                ProcessLooking(from, n);
                break;
            case ServerState.Following:
            case ServerState.Leading:
                ProcessOutOfElection(from, n);
                break;
            default:
                // Observers' notifications and unknown states carry no vote.
                break;
        }
    }

    private void ProcessLooking(long from, Notification n)
    {
        if (InitZxid == -1 || n.Zxid == -1)
        {
            return;
        }

        if (n.ElectionEpoch > LogicalClock)
        {
            LogicalClock = n.ElectionEpoch;
            _recvSet.Clear();
            if (Vote.IsBetter(n.Leader, n.Zxid, n.PeerEpoch, InitId, InitZxid, InitPeerEpoch))
            {
                UpdateProposal(n.Leader, n.Zxid, n.PeerEpoch);
            }
            else
            {
                UpdateProposal(InitId, InitZxid, InitPeerEpoch);
            }

            SendNotifications();
        }
        else if (n.ElectionEpoch < LogicalClock)
        {
            return;
        }
        else if (Vote.IsBetter(n.Leader, n.Zxid, n.PeerEpoch, _proposedLeader, _proposedZxid, _proposedEpoch))
        {
            UpdateProposal(n.Leader, n.Zxid, n.PeerEpoch);
            SendNotifications();
        }

        _recvSet[from] = new Vote(n.Leader, n.Zxid, n.ElectionEpoch, n.PeerEpoch);
        if (HasQuorum(_recvSet, Proposal))
        {
            _finalizing = true;
            _finalizeDeadline = Now + _options.FinalizeWaitTicks;
        }
    }

    /// <summary>receivedFollowingNotification: the sender is out of election, maybe there is a leader to join.</summary>
    private void ProcessOutOfElection(long from, Notification n)
    {
        var sent = new Vote(n.Leader, n.Zxid, n.ElectionEpoch, n.PeerEpoch, n.State, n.Version);
        var endVote = new Vote(n.Leader, n.Zxid, n.ElectionEpoch, n.PeerEpoch);
        if (n.ElectionEpoch == LogicalClock)
        {
            // Stored as a looking vote, as ZooKeeper does; so this path only ever elects ourselves.
            _recvSet[from] = endVote;
            if (HasQuorum(_recvSet, sent) && CheckLeader(_recvSet, n.Leader, n.ElectionEpoch))
            {
                Decide(n.Leader, endVote);
                return;
            }
        }

        // Before joining an established ensemble, verify that a quorum follows the same leader (ZOOKEEPER-1732).
        _outOfElection[from] = sent;
        if (HasQuorum(_outOfElection, sent) && CheckLeader(_outOfElection, n.Leader, n.ElectionEpoch))
        {
            LogicalClock = n.ElectionEpoch;
            Decide(n.Leader, endVote);
        }
    }

    /// <summary>
    /// checkLeader: if everyone thinks we lead, we lead (in the same round); otherwise the leader itself must have
    /// told us it is leading.
    /// </summary>
    private bool CheckLeader(Dictionary<long, Vote> votes, long leader, long electionEpoch)
    {
        if (leader != MyId)
        {
            return votes.TryGetValue(leader, out var vote) && vote.State == ServerState.Leading;
        }

        return LogicalClock == electionEpoch;
    }

    private bool HasQuorum(Dictionary<long, Vote> votes, Vote vote) =>
        Config.Verifier.ContainsQuorum(votes.Where(e => vote.Matches(e.Value)).Select(e => e.Key));

    private void Decide(long leader, Vote endVote)
    {
        State = leader == MyId ? ServerState.Leading : IsParticipant ? ServerState.Following : ServerState.Observing;
        CurrentVote = endVote;
        _finalizing = false;
        _recvSet.Clear();
        _outOfElection.Clear();
        _loopback.Clear();
        _ready.Decision = new ElectionDecision(endVote, State);
    }

    private void UpdateProposal(long leader, long zxid, long epoch)
    {
        _proposedLeader = leader;
        _proposedZxid = zxid;
        _proposedEpoch = epoch;
    }

    private void SendNotifications()
    {
        foreach (long sid in Config.Voters.Order())
        {
            Send(sid, _proposedLeader, _proposedZxid, LogicalClock, ServerState.Looking, _proposedEpoch);
        }
    }

    private void Send(long to, long leader, long zxid, long electionEpoch, ServerState state, long peerEpoch)
    {
        var notification = new Notification(state, leader, zxid, electionEpoch, peerEpoch, _configBytes);
        if (to == MyId)
        {
            _loopback.Enqueue(notification);
        }
        else
        {
            _ready.Messages.Add(new OutboundNotification(to, notification));
        }
    }

    private void DrainLoopback()
    {
        while (_loopback.TryDequeue(out var notification))
        {
            Deliver(MyId, notification);
        }
    }
}
