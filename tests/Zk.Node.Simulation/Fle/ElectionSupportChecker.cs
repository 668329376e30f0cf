using Zk.Node.Core.Election;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;
using Zk.Node.Simulation.Framework;

namespace Zk.Node.Simulation.Fle;

/// <summary>
/// Safety of every FLE decision, checked from what nodes actually sent: a node may only settle on leader L if a quorum
/// of voters announced L — a LOOKING vote identical to the decided one (same round, zxid and peer epoch), or a
/// FOLLOWING/LEADING vote for L in the same peer epoch. As a consequence, a node cut off in a minority can only ever
/// join a leader that a majority outside it also backs; that is checked separately so a failure names it.
/// </summary>
public sealed class ElectionSupportChecker
{
    private readonly QuorumConfig _config;
    private readonly Dictionary<long, List<Notification>> _sentBy = [];

    public ElectionSupportChecker(QuorumConfig config) => _config = config;

    public int DecisionsChecked { get; private set; }

    public int MinorityDecisionsChecked { get; private set; }

    /// <summary>Hook for <see cref="SimulatedNetwork{TMessage}.Sent"/>.</summary>
    public void OnSent(Envelope<FleMessage> envelope, long tick)
    {
        if (envelope.Message.Kind != FleMessageKind.Vote)
        {
            return;
        }

        if (!_sentBy.TryGetValue(envelope.From, out var list))
        {
            _sentBy[envelope.From] = list = [];
        }

        list.Add(envelope.Message.Notification);
    }

    /// <param name="component">The live nodes the decider could talk to when it decided.</param>
    public void Check(DecisionRecord record, IReadOnlySet<long> component)
    {
        DecisionsChecked++;
        var vote = record.Decision.Vote;
        var supporters = _config.Voters.Where(v => _sentBy.TryGetValue(v, out var sent) && sent.Any(n => Supports(n, vote))).ToHashSet();
        if (!_config.Verifier.ContainsQuorum(supporters))
        {
            throw new InvariantViolation(
                "a decision needs a quorum of votes for the leader",
                record.Tick,
                $"node {record.Node} decided {record.Decision.State} {vote} backed only by [{string.Join(",", supporters.Order())}]");
        }

        if (!_config.Verifier.ContainsQuorum(component))
        {
            MinorityDecisionsChecked++;
            if (supporters.IsSubsetOf(component))
            {
                throw new InvariantViolation(
                    "a minority partition never elects a leader the majority does not back",
                    record.Tick,
                    $"node {record.Node} in minority [{string.Join(",", component.Order())}] decided {vote}");
            }
        }
    }

    private static bool Supports(Notification n, Vote vote) => n.State switch
    {
        ServerState.Looking => n.Leader == vote.Leader && n.Zxid == vote.Zxid && n.ElectionEpoch == vote.ElectionEpoch && n.PeerEpoch == vote.PeerEpoch,
        ServerState.Following or ServerState.Leading => n.Leader == vote.Leader && n.PeerEpoch == vote.PeerEpoch,
        _ => false,
    };
}
