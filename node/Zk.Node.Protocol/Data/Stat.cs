using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Data;

/// <summary>
/// A znode's metadata as clients see it (68 bytes on the wire):
/// czxid, mzxid, ctime, mtime (8 each), version, cversion, aversion (4 each), ephemeralOwner (8),
/// dataLength, numChildren (4 each), pzxid (8).
/// </summary>
public readonly record struct Stat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid) : IJuteRecord<Stat>
{
    public const int WireSize = 68;

    public static Stat Read(ref JuteReader reader) => new(
        reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong(),
        reader.ReadInt(), reader.ReadInt(), reader.ReadInt(), reader.ReadLong(),
        reader.ReadInt(), reader.ReadInt(), reader.ReadLong());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(Czxid);
        writer.WriteLong(Mzxid);
        writer.WriteLong(Ctime);
        writer.WriteLong(Mtime);
        writer.WriteInt(Version);
        writer.WriteInt(Cversion);
        writer.WriteInt(Aversion);
        writer.WriteLong(EphemeralOwner);
        writer.WriteInt(DataLength);
        writer.WriteInt(NumChildren);
        writer.WriteLong(Pzxid);
    }
}
