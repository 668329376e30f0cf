namespace Zk.Node.Core.Quorum;

/// <summary>Decides whether a set of server ids is a quorum (ZooKeeper's QuorumVerifier).</summary>
public interface IQuorumVerifier
{
    /// <summary>The ids whose acknowledgements count (participants).</summary>
    IReadOnlySet<long> Voters { get; }

    /// <summary>True when <paramref name="ids"/> holds enough voters; ids of observers or strangers never count.</summary>
    bool ContainsQuorum(IEnumerable<long> ids);

    /// <summary>True when <paramref name="id"/> may vote (FastLeaderElection's validVoter).</summary>
    bool IsVoter(long id);
}
