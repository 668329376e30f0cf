namespace Zk.Node.Core.Sessions;

/// <summary>
/// ZooKeeper's session id layout (SessionTrackerImpl.initializeNextSessionId):
/// <code>
///  63      56 55                                   16 15         0
/// +----------+---------------------------------------+------------+
/// | serverId |  low 40 bits of the start time (ms)   |  counter   |
/// +----------+---------------------------------------+------------+
/// </code>
/// The counter simply increments (carrying into the time bits). Ids are never 0, never the container
/// marker 0x8000000000000000 and never start with byte 0xff (the TTL marker).
/// </summary>
internal sealed class SessionIds
{
    public const long ContainerMarker = unchecked((long)0x8000000000000000UL);

    private long _next;

    public SessionIds(long serverId, long startTimeMs)
    {
        long top = serverId & 0xff;
        if (top is 0 or 0xff)
        {
            throw new ArgumentOutOfRangeException(nameof(serverId), serverId, "server ids must be 1 … 254 so session ids stay distinct from TTL markers");
        }

        _next = (long)((ulong)(startTimeMs << 24) >> 8) | (top << 56);
    }

    public long Next()
    {
        long id;
        do
        {
            id = _next++;
        }
        while (!IsValid(id));

        return id;
    }

    public static bool IsValid(long id) => id != 0 && id != ContainerMarker && (ulong)id >> 56 != 0xff;
}
