namespace Zk.Node.Server.Tests.Ensemble.Linearizability;

/// <summary>What a client did to the register znode.</summary>
public enum RegisterOpKind
{
    /// <summary>sync, then getData: observed a value and its version.</summary>
    Read,

    /// <summary>setData with version -1: unconditional write.</summary>
    Write,

    /// <summary>setData with an expected version: compare-and-set.</summary>
    CompareAndSet,
}
