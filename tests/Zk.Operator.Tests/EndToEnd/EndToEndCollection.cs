namespace Zk.Operator.Tests.EndToEnd;

/// <summary>End-to-end tests run one after another: each starts real processes and the CI box has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
