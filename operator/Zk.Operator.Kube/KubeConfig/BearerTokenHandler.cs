using System.Net.Http.Headers;

namespace Zk.Operator.Kube.KubeConfig;

/// <summary>Adds <c>Authorization: Bearer</c> with the token source's current token to every request.</summary>
internal sealed class BearerTokenHandler(ITokenSource tokenSource, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenSource.GetToken());
        return base.SendAsync(request, cancellationToken);
    }
}
