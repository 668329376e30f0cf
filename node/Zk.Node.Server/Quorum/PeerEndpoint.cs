namespace Zk.Node.Server.Quorum;

/// <summary>
/// Where a member listens, as written on its server.N line. The host is kept as text and resolved on every
/// connection attempt: in Kubernetes a pod starts before its DNS record exists, so a name that does not resolve
/// yet is an ordinary, retried condition rather than a configuration error.
/// </summary>
internal readonly record struct PeerEndpoint(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
