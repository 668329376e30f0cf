namespace Zk.Node.Server.Tests.Ensemble.Linearizability;

/// <summary>The register's value and znode version (each successful setData adds one).</summary>
public readonly record struct RegisterState(string Value, int Version)
{
    public override string ToString() => $"({Value}, v{Version})";
}
