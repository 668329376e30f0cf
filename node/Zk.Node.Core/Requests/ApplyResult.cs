using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Requests;

/// <summary>What applying one txn produced: the reply body for the client that asked (null = empty body) or an error.</summary>
internal readonly record struct ApplyResult(KeeperErrorCode Err, object? Response)
{
    public static readonly ApplyResult Empty = new(KeeperErrorCode.Ok, null);
}
