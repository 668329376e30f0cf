using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Quorum;

/// <summary>The outcome of <see cref="Reconfig.Compute"/>: the proposed configuration, or the error to reply with.</summary>
public readonly record struct ReconfigResult(QuorumConfig? Config, KeeperErrorCode Error, string? Message)
{
    public bool IsOk => Error == KeeperErrorCode.Ok;

    public static ReconfigResult Ok(QuorumConfig config) => new(config, KeeperErrorCode.Ok, null);

    public static ReconfigResult Fail(KeeperErrorCode error, string? message) => new(null, error, message);
}
