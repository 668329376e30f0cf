using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>setWatches2 (105, xid -8): <see cref="SetWatches"/> plus persistent and persistent-recursive watches.</summary>
/// <remarks>Layout: relativeZxid: long | dataWatches: vector&lt;ustring&gt; | existWatches: vector&lt;ustring&gt; | childWatches: vector&lt;ustring&gt; | persistentWatches: vector&lt;ustring&gt; | persistentRecursiveWatches: vector&lt;ustring&gt;.</remarks>
public readonly record struct SetWatches2(long RelativeZxid, IReadOnlyList<string> DataWatches, IReadOnlyList<string> ExistWatches, IReadOnlyList<string> ChildWatches, IReadOnlyList<string> PersistentWatches, IReadOnlyList<string> PersistentRecursiveWatches) : IJuteRecord<SetWatches2>
{
    public static SetWatches2 Read(ref JuteReader reader) => new(
        reader.ReadLong(),
        reader.ReadStringVector(),
        reader.ReadStringVector(),
        reader.ReadStringVector(),
        reader.ReadStringVector(),
        reader.ReadStringVector());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(RelativeZxid);
        writer.WriteStringVector(DataWatches);
        writer.WriteStringVector(ExistWatches);
        writer.WriteStringVector(ChildWatches);
        writer.WriteStringVector(PersistentWatches);
        writer.WriteStringVector(PersistentRecursiveWatches);
    }
}
