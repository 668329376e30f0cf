namespace Zk.Node.Core.Tree;

/// <summary>What a node's stored ephemeralOwner encodes (ZooKeeper's EphemeralType).</summary>
public enum EphemeralKind
{
    /// <summary>Owner 0: a plain persistent node.</summary>
    Void,

    /// <summary>Owned by a session and deleted with it.</summary>
    Normal,

    /// <summary>Owner 0x8000000000000000: reaped once its last child is gone.</summary>
    Container,

    /// <summary>High byte 0xff, ttl in the low 40 bits: reaped once childless and unmodified for ttl ms.</summary>
    Ttl,
}
