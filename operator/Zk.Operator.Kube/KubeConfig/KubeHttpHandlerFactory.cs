using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Zk.Operator.Kube.KubeConfig;

/// <summary>Builds the HTTP stack for a <see cref="KubeClientConfig"/>: TLS trust, client certificate, bearer token.</summary>
public static class KubeHttpHandlerFactory
{
    public static HttpMessageHandler Create(KubeClientConfig config)
    {
        var sockets = new SocketsHttpHandler
        {
            // Long-lived connections would pin the operator to one API server replica forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        sockets.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            ValidateServerCertificate(config, certificate as X509Certificate2, errors);
        if (config.ClientCertificate is not null)
        {
            sockets.SslOptions.ClientCertificates = [config.ClientCertificate];
        }

        return config.Token is null ? sockets : new BearerTokenHandler(config.Token, sockets);
    }

    /// <summary>
    /// With a configured CA the chain must end at one of those roots (the system store is ignored,
    /// as kubectl does); the host name must match either way.
    /// </summary>
    internal static bool ValidateServerCertificate(KubeClientConfig config, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (config.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (config.CertificateAuthority is null || config.CertificateAuthority.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(config.CertificateAuthority);
        return chain.Build(certificate);
    }
}
