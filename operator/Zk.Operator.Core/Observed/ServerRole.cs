namespace Zk.Operator.Core.Observed;

/// <summary>The learner type in a dynamic configuration line.</summary>
public enum ServerRole
{
    Participant,
    Observer,
}
