using Zk.Node.Core.Election;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Fle;

/// <summary>
/// A <see cref="FastLeaderElection"/> plus a lease stub in place of ZAB. Persisted across a crash: last zxid, current
/// epoch and the configuration; the logical clock and every vote are volatile.
/// </summary>
public sealed class FleNode : IElectionNode
{
    private readonly ElectionOptions _options;
    private readonly LeaseOptions _lease;
    private readonly long _zxid;
    private readonly long _peerEpoch;
    private readonly List<Envelope<FleMessage>> _outbox = [];
    private readonly List<DecisionRecord> _decisions = [];
    private readonly Dictionary<long, long> _lastAck = [];
    private long _now;
    private long _lastHeard;
    private long _nextPing;

    public FleNode(long id, QuorumConfig config, long zxid, long peerEpoch, ElectionOptions options, LeaseOptions lease)
    {
        Id = id;
        _zxid = zxid;
        _peerEpoch = peerEpoch;
        _options = options;
        _lease = lease;
        Election = new FastLeaderElection(id, config, InitialVote, 0, options);
    }

    public long Id { get; }

    public FastLeaderElection Election { get; }

    public ServerState State => Election.State;

    public long Leader => Election.CurrentVote.Leader;

    public (long Zxid, long PeerEpoch) History => (_zxid, _peerEpoch);

    private Vote InitialVote => new(Id, _zxid, 0, _peerEpoch);

    public void Start(long nowTick)
    {
        _now = nowTick;
        Election.Start(nowTick);
        Drain();
    }

    public void Step(long from, FleMessage message)
    {
        switch (message.Kind)
        {
            case FleMessageKind.Vote:
                Election.Receive(from, message.Notification);
                Drain();
                break;
            case FleMessageKind.Ping when State is ServerState.Following or ServerState.Observing && from == Leader:
                _lastHeard = _now;
                _outbox.Add(new Envelope<FleMessage>(Id, from, FleMessage.PingAck));
                break;
            case FleMessageKind.PingAck when State == ServerState.Leading:
                _lastAck[from] = _now;
                break;
            default:
                break;
        }
    }

    public void Tick()
    {
        _now++;
        Election.Tick();
        Drain();
        switch (State)
        {
            case ServerState.Leading:
                if (_now >= _nextPing)
                {
                    _nextPing = _now + _lease.PingIntervalTicks;
                    foreach (var member in Election.Config.Members.Where(m => m.Id != Id))
                    {
                        _outbox.Add(new Envelope<FleMessage>(Id, member.Id, FleMessage.Ping));
                    }
                }

                var recent = _lastAck.Where(e => _now - e.Value <= _lease.TimeoutTicks).Select(e => e.Key).Append(Id);
                if (_now - _lastHeard > _lease.TimeoutTicks && !Election.Config.Verifier.ContainsQuorum(recent))
                {
                    LookAgain();
                }

                break;
            case ServerState.Following:
            case ServerState.Observing:
                if (_now - _lastHeard > _lease.TimeoutTicks)
                {
                    LookAgain();
                }

                break;
            default:
                break;
        }
    }

    public IReadOnlyList<Envelope<FleMessage>> Ready()
    {
        var ready = _outbox.ToList();
        _outbox.Clear();
        return ready;
    }

    public List<DecisionRecord> TakeDecisions()
    {
        var decisions = _decisions.ToList();
        _decisions.Clear();
        return decisions;
    }

    public ISimNode<FleMessage> Restart() => new FleNode(Id, Election.Config, _zxid, _peerEpoch, _options, _lease);

    private void LookAgain()
    {
        _lastAck.Clear();
        Election.Restart(InitialVote);
        Drain();
    }

    private void Drain()
    {
        var ready = Election.TakeReady();
        foreach (var message in ready.Messages)
        {
            _outbox.Add(new Envelope<FleMessage>(Id, message.To, FleMessage.Vote(message.Message)));
        }

        if (ready.Decision is { } decision)
        {
            _decisions.Add(new DecisionRecord(Id, _now, decision));

            // The decision starts the lease: a leader gets a grace period to collect answers, a follower to hear pings.
            _lastHeard = _now;
            _lastAck.Clear();
            _nextPing = _now;
        }
    }
}
