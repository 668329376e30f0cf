namespace Zk.Node.Core.Tree;

/// <summary>
/// ZooKeeper's EphemeralType: containers and TTL nodes are told apart from session-owned ephemerals by
/// reserved values of the stored ephemeralOwner, which is why session ids never start with byte 0xff
/// and are never 0x8000000000000000.
/// <code>
///   container:  0x80 00 00 00 00 00 00 00
///   TTL:        0xff 00 00 tt tt tt tt tt   (byte 0 = 0xff, bytes 1-2 = feature bits, 0 for TTL; ttl in the low 40 bits)
/// </code>
/// Clients always see ephemeralOwner 0 for both.
/// </summary>
public static class EphemeralType
{
    public const long ContainerOwner = long.MinValue;

    /// <summary>EphemeralType.TTL.maxValue(): the largest ttl the 40 value bits hold.</summary>
    public const long MaxTtlMs = 0x0000_00ff_ffff_ffffL;

    private const long ExtendedMask = unchecked((long)0xff00_0000_0000_0000UL);
    private const long ExtendedAndReservedMask = unchecked((long)0xffff_ff00_0000_0000UL);

    public static EphemeralKind Get(long ephemeralOwner)
    {
        if (ephemeralOwner == ContainerOwner)
        {
            return EphemeralKind.Container;
        }

        if ((ephemeralOwner & ExtendedAndReservedMask) == ExtendedMask)
        {
            return EphemeralKind.Ttl;
        }

        return ephemeralOwner == 0 ? EphemeralKind.Void : EphemeralKind.Normal;
    }

    /// <summary>True for owners that are neither a session nor one of the encodings above (a 0xff high byte with reserved bits set).</summary>
    public static bool IsMalformed(long ephemeralOwner) =>
        ephemeralOwner != ContainerOwner
        && (ephemeralOwner & ExtendedMask) == ExtendedMask
        && (ephemeralOwner & ExtendedAndReservedMask) != ExtendedMask;

    public static bool IsValidTtl(long ttlMs) => ttlMs is > 0 and <= MaxTtlMs;

    /// <summary>EphemeralType.TTL.toEphemeralOwner.</summary>
    public static long TtlToOwner(long ttlMs)
    {
        if (!IsValidTtl(ttlMs))
        {
            throw new ArgumentOutOfRangeException(nameof(ttlMs), ttlMs, $"ttl must be in 1..{MaxTtlMs}");
        }

        return ExtendedMask | ttlMs;
    }

    /// <summary>The ttl of a TTL owner, 0 for every other kind.</summary>
    public static long GetTtl(long ephemeralOwner) =>
        Get(ephemeralOwner) == EphemeralKind.Ttl ? ephemeralOwner & MaxTtlMs : 0;

    /// <summary>DataNode.getClientEphemeralOwner: only session-owned ephemerals show their owner.</summary>
    public static long ToClientOwner(long ephemeralOwner) =>
        Get(ephemeralOwner) == EphemeralKind.Normal ? ephemeralOwner : 0;
}
