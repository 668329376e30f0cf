namespace Zk.Operator.Kube.KubeConfig;

/// <summary>A token written inline in a kubeconfig.</summary>
public sealed class StaticTokenSource(string token) : ITokenSource
{
    public string GetToken() => token;
}
