namespace Zk.Operator.Kube.KubeConfig;

/// <summary>Supplies the bearer token for the next request.</summary>
public interface ITokenSource
{
    string GetToken();
}
