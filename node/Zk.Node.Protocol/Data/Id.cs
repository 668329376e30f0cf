using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Data;

/// <summary>An authentication identity: scheme (world, auth, digest, ip, super, sasl) and id.</summary>
public readonly record struct Id(string Scheme, string Identity) : IJuteRecord<Id>
{
    public static readonly Id Anyone = new("world", "anyone");

    public static Id Read(ref JuteReader reader) => new(reader.ReadString() ?? "", reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Scheme);
        writer.WriteString(Identity);
    }
}
