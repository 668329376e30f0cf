using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Election;

/// <summary>The end of an election round: the final vote and the state it puts this server in (LEADING, FOLLOWING or OBSERVING).</summary>
public readonly record struct ElectionDecision(Vote Vote, ServerState State);
