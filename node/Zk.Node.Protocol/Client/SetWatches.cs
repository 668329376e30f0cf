using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>setWatches (101, xid -8): re-arms watches after a reconnect; relativeZxid is the client's lastZxidSeen.</summary>
/// <remarks>Layout: relativeZxid: long | dataWatches: vector&lt;ustring&gt; | existWatches: vector&lt;ustring&gt; | childWatches: vector&lt;ustring&gt;.</remarks>
public readonly record struct SetWatches(long RelativeZxid, IReadOnlyList<string> DataWatches, IReadOnlyList<string> ExistWatches, IReadOnlyList<string> ChildWatches) : IJuteRecord<SetWatches>
{
    public static SetWatches Read(ref JuteReader reader) => new(
        reader.ReadLong(),
        reader.ReadStringVector(),
        reader.ReadStringVector(),
        reader.ReadStringVector());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(RelativeZxid);
        writer.WriteStringVector(DataWatches);
        writer.WriteStringVector(ExistWatches);
        writer.WriteStringVector(ChildWatches);
    }
}
