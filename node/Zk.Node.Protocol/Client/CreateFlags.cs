namespace Zk.Node.Protocol.Client;

/// <summary>
/// CreateRequest.flags (CreateMode). Bit 0 is ephemeral and bit 1 sequential for the 3.4 modes; the
/// container and TTL modes (3.5.3) are plain values, so the helpers switch on the value, not on bits.
/// Any value outside 0-6 is BADARGUMENTS.
/// </summary>
public static class CreateFlags
{
    public const int Persistent = 0;
    public const int Ephemeral = 1;
    public const int PersistentSequential = 2;
    public const int EphemeralSequential = 3;
    public const int Container = 4;
    public const int PersistentWithTtl = 5;
    public const int PersistentSequentialWithTtl = 6;

    public static bool IsValid(int flags) => flags is >= Persistent and <= PersistentSequentialWithTtl;

    public static bool IsEphemeral(int flags) => flags is Ephemeral or EphemeralSequential;

    public static bool IsSequential(int flags) => flags is PersistentSequential or EphemeralSequential or PersistentSequentialWithTtl;

    public static bool IsContainer(int flags) => flags == Container;

    public static bool IsTtl(int flags) => flags is PersistentWithTtl or PersistentSequentialWithTtl;
}
