namespace Zk.Operator.Core.Observed;

/// <summary>What a member says it is (srvr/mntr Mode); Unknown when it did not answer or is not serving.</summary>
public enum MemberRole
{
    Unknown,
    Leader,
    Follower,
    Observer,
}
