using Zk.Node.Core.Election;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Fle;

/// <summary>
/// A deliberately broken election: it announces its vote and decides on the first notification it gets, taking the
/// better of that vote and its own, with no quorum and no finalize wait. The checkers must catch it.
/// </summary>
public sealed class EagerElectionNode : IElectionNode
{
    private readonly QuorumConfig _config;
    private readonly long _zxid;
    private readonly long _peerEpoch;
    private readonly List<Envelope<FleMessage>> _outbox = [];
    private readonly List<DecisionRecord> _decisions = [];
    private long _now;

    public EagerElectionNode(long id, QuorumConfig config, long zxid, long peerEpoch)
    {
        Id = id;
        _config = config;
        _zxid = zxid;
        _peerEpoch = peerEpoch;
    }

    public long Id { get; }

    public ServerState State { get; private set; } = ServerState.Looking;

    public long Leader { get; private set; }

    public void Start(long nowTick)
    {
        _now = nowTick;
        foreach (long voter in _config.Voters.Where(v => v != Id))
        {
            _outbox.Add(new Envelope<FleMessage>(Id, voter, FleMessage.Vote(new Notification(ServerState.Looking, Id, _zxid, 1, _peerEpoch, []))));
        }
    }

    public void Step(long from, FleMessage message)
    {
        if (State != ServerState.Looking || message.Kind != FleMessageKind.Vote)
        {
            return;
        }

        var n = message.Notification;
        var vote = Vote.IsBetter(n.Leader, n.Zxid, n.PeerEpoch, Id, _zxid, _peerEpoch)
            ? new Vote(n.Leader, n.Zxid, 1, n.PeerEpoch)
            : new Vote(Id, _zxid, 1, _peerEpoch);
        Leader = vote.Leader;
        State = vote.Leader == Id ? ServerState.Leading : ServerState.Following;
        _decisions.Add(new DecisionRecord(Id, _now, new ElectionDecision(vote, State)));
    }

    public void Tick() => _now++;

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

    public ISimNode<FleMessage> Restart() => new EagerElectionNode(Id, _config, _zxid, _peerEpoch);
}
