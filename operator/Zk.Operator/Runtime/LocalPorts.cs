namespace Zk.Operator.Runtime;

/// <summary>
/// Loopback ports of one local member. Members get a slot (voters 0..8 by ordinal, observers from 9) and
/// three ports in separate bands so that the client ports stay contiguous:
/// <code>
/// client   = base + slot          (2181, 2182, ...)
/// quorum   = base + 100 + slot    (2281, ...)
/// election = base + 200 + slot    (2381, ...)
/// </code>
/// </summary>
public readonly record struct LocalPorts(int Client, int Quorum, int Election)
{
    public const int Band = 100;

    public static LocalPorts For(int basePort, int id)
    {
        int slot = Core.Desired.EnsembleNames.IsObserverId(id)
            ? Core.Resources.ZkEnsembleSpec.MaxReplicas + Core.Desired.EnsembleNames.OrdinalOf(id)
            : Core.Desired.EnsembleNames.OrdinalOf(id);
        return new LocalPorts(basePort + slot, basePort + Band + slot, basePort + (2 * Band) + slot);
    }
}
