using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Peer;

/// <summary>
/// A FastLeaderElection vote, the payload of one message on the election channel (which frames each
/// message with a 4-byte length; use <see cref="Framing.FrameDecoder"/>). State values outside
/// <see cref="ServerState"/> are kept as read; ZooKeeper ignores such votes.
/// </summary>
/// <remarks>
/// <code>
/// state:int | leader:long | zxid:long | electionEpoch:long | peerEpoch:long | version:int | configLength:int | config
///     4          8            8              8                    8              4              4             n
/// </code>
/// 44 + n bytes as written since 3.5 (version 2). Older senders are accepted as ZooKeeper accepts them:
/// exactly 28 bytes (3.3: no peerEpoch, which is then the zxid's epoch, and version 0) and exactly 40 bytes
/// (3.4: version 1, no config). A version of 1 or less never carries config and any bytes after the version
/// are left unread, as ZooKeeper ignores them. Fewer than 28 bytes is malformed.
/// </remarks>
public readonly record struct Notification(
    ServerState State,
    long Leader,
    long Zxid,
    long ElectionEpoch,
    long PeerEpoch,
    int Version,
    byte[] Config) : IJuteRecord<Notification>
{
    /// <summary>The version ZooKeeper 3.5+ writes; any version above 1 carries the config.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Size without config bytes.</summary>
    public const int HeaderSize = 44;

    private const int Legacy28Size = 28;
    private const int Legacy40Size = 40;

    public Notification(ServerState state, long leader, long zxid, long electionEpoch, long peerEpoch, byte[] config)
        : this(state, leader, zxid, electionEpoch, peerEpoch, CurrentVersion, config)
    {
    }

    /// <summary>Reads the whole remaining input as one notification.</summary>
    public static Notification Read(ref JuteReader reader)
    {
        int size = reader.Remaining;
        if (size < Legacy28Size)
        {
            throw new JuteException($"election notification of {size} bytes is shorter than {Legacy28Size}");
        }

        var state = (ServerState)reader.ReadInt();
        long leader = reader.ReadLong();
        long zxid = reader.ReadLong();
        long electionEpoch = reader.ReadLong();
        if (size == Legacy28Size)
        {
            return new Notification(state, leader, zxid, electionEpoch, zxid >> 32, 0, []);
        }

        long peerEpoch = reader.ReadLong();
        int version = reader.ReadInt();
        byte[] config = [];
        if (size > Legacy40Size && version > 1)
        {
            config = reader.ReadBuffer() ?? throw new JuteException("election notification has a negative config length");
        }

        return new Notification(state, leader, zxid, electionEpoch, peerEpoch, version, config);
    }

    /// <summary>Writes the 3.5+ form; a version of 1 or less is written without config, as ZooKeeper would read it.</summary>
    public void Write(JuteWriter writer)
    {
        writer.WriteInt((int)State);
        writer.WriteLong(Leader);
        writer.WriteLong(Zxid);
        writer.WriteLong(ElectionEpoch);
        writer.WriteLong(PeerEpoch);
        writer.WriteInt(Version);
        if (Version > 1)
        {
            writer.WriteBuffer(Config ?? []);
        }
    }
}
