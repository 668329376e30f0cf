namespace Zk.Operator.Kube;

/// <summary>No usable cluster configuration: a user error, reported as one line (exit 2), never a stack trace.</summary>
public sealed class KubeConfigurationException : Exception
{
    public KubeConfigurationException()
    {
    }

    public KubeConfigurationException(string message)
        : base(message)
    {
    }

    public KubeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
