namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>A container cannot start yet (CreateContainerConfigError): a referenced Secret or key is missing, or the user is not allowed.</summary>
internal sealed class ContainerConfigException(string message) : Exception(message);
