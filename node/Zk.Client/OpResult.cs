using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Client;

/// <summary>The outcome of one <see cref="Op"/> in a multi, in the order the ops were given.</summary>
public abstract record OpResult
{
    /// <summary>Path is the created node's actual path (with its sequence suffix), relative to the chroot.</summary>
    public sealed record CreateResult(string Path, Stat? Stat) : OpResult;

    public sealed record DeleteResult : OpResult;

    public sealed record SetDataResult(Stat Stat) : OpResult;

    public sealed record CheckResult : OpResult;

    /// <summary>
    /// A failed multi reports every op as an error: Ok for those before the failing op, the real code for the
    /// failing op and RuntimeInconsistency for those after it.
    /// </summary>
    public sealed record ErrorResult(KeeperErrorCode Code) : OpResult;
}
