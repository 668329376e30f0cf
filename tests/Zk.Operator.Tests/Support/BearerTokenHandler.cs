using System.Net.Http.Headers;

namespace Zk.Operator.Tests.Support;

/// <summary>Sends a service account's bearer token with every request, as the in-cluster configuration does.</summary>
internal sealed class BearerTokenHandler(string token) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
