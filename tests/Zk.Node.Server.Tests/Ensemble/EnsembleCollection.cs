namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>Multi-process ensemble tests run one at a time: several ensembles at once on 2 cores would time each other out.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnsembleCollection
{
    public const string Name = "ensemble processes";
}
