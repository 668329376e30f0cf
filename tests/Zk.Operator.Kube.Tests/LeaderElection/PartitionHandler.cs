namespace Zk.Operator.Kube.Tests.LeaderElection;

/// <summary>Cuts one client off from the API server while <see cref="Partitioned"/> is set.</summary>
internal sealed class PartitionHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public volatile bool Partitioned;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Partitioned ? throw new HttpRequestException("partitioned") : base.SendAsync(request, cancellationToken);
}
