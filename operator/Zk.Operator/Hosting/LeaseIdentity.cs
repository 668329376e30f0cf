namespace Zk.Operator.Hosting;

/// <summary>Who this replica is in the election (POD_NAME) and where its Lease lives.</summary>
public sealed record LeaseIdentity(string Identity, string Namespace);
