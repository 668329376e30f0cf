namespace Zk.Operator.Cluster.Tests.Scenarios;

/// <summary>The cluster scenarios run one after another: each starts an ensemble of real processes and the CI box has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
