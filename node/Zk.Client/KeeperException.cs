using Zk.Node.Protocol.Client;

namespace Zk.Client;

/// <summary>
/// A request failed with a ZooKeeper error code (KeeperException in the Java client). Operating errors such as
/// <see cref="KeeperErrorCode.NoNode"/> arrive from the server; <see cref="KeeperErrorCode.ConnectionLoss"/> and
/// <see cref="KeeperErrorCode.SessionExpired"/> may also be raised by the client itself.
/// </summary>
public sealed class KeeperException : Exception
{
    public KeeperException(KeeperErrorCode code, string? path = null, IReadOnlyList<OpResult>? results = null, Exception? inner = null)
        : base(FormatMessage(code, path), inner)
    {
        Code = code;
        Path = path;
        Results = results;
    }

    public KeeperErrorCode Code { get; }

    /// <summary>The client-side path the failing request named, when it named one.</summary>
    public string? Path { get; }

    /// <summary>For a failed <see cref="ZkClient.MultiAsync"/>: one result per op, as the server reported them.</summary>
    public IReadOnlyList<OpResult>? Results { get; }

    private static string FormatMessage(KeeperErrorCode code, string? path) =>
        path is null ? $"KeeperErrorCode = {code}" : $"KeeperErrorCode = {code} for {path}";
}
