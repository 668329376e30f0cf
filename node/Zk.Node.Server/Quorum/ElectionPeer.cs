using System.Threading.Channels;

namespace Zk.Node.Server.Quorum;

/// <summary>
/// What the election channel keeps per remote server: its send queue (bounded, dropping the oldest vote), the last
/// message handed to a socket (resent on a fresh connection when nothing newer is queued, as QuorumCnxManager does,
/// because a vote written into a dying socket may never have arrived), and the one live connection.
/// </summary>
internal sealed class ElectionPeer(long sid, PeerEndpoint? endpoint, int queueCapacity)
{
    public long Sid { get; } = sid;

    /// <summary>From the server.N line, or learned from the peer's handshake when it is not configured here.</summary>
    public PeerEndpoint? Endpoint { get; set; } = endpoint;

    public Channel<byte[]> Queue { get; } = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = false,
        SingleWriter = false,
    });

    public byte[]? LastSent { get; set; }

    /// <summary>Guarded by the transport's lock.</summary>
    public ElectionConnection? Connection { get; set; }

    /// <summary>Guarded by the transport's lock: a connect loop is running for this peer.</summary>
    public bool Connecting { get; set; }
}
