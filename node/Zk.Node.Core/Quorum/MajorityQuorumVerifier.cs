namespace Zk.Node.Core.Quorum;

/// <summary>
/// A strict majority of the participants (ZooKeeper's QuorumMaj). Unlike QuorumMaj.containsQuorum, which trusts its
/// callers to pass only voter ids, this filters the set itself, so an observer's or a stranger's id can never tip a
/// decision.
/// </summary>
public sealed class MajorityQuorumVerifier : IQuorumVerifier
{
    private readonly HashSet<long> _voters;

    public MajorityQuorumVerifier(IEnumerable<long> voters)
    {
        ArgumentNullException.ThrowIfNull(voters);
        _voters = [.. voters];
    }

    public IReadOnlySet<long> Voters => _voters;

    /// <summary>The number of voters strictly above which a set is a quorum (QuorumMaj.half).</summary>
    public int Half => _voters.Count / 2;

    public bool ContainsQuorum(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int count = 0;
        foreach (long id in ids.Distinct())
        {
            if (_voters.Contains(id))
            {
                count++;
            }
        }

        return count > Half;
    }

    public bool IsVoter(long id) => _voters.Contains(id);
}
