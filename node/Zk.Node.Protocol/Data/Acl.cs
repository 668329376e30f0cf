using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Data;

/// <summary>One access-control entry: permissions granted to an identity.</summary>
public readonly record struct Acl(Perms Perms, Id Id) : IJuteRecord<Acl>
{
    /// <summary>ZooDefs.Ids.OPEN_ACL_UNSAFE.</summary>
    public static readonly IReadOnlyList<Acl> OpenAclUnsafe = [new(Perms.All, Id.Anyone)];

    /// <summary>ZooDefs.Ids.READ_ACL_UNSAFE.</summary>
    public static readonly IReadOnlyList<Acl> ReadAclUnsafe = [new(Perms.Read, Id.Anyone)];

    public static Acl Read(ref JuteReader reader) => new((Perms)reader.ReadInt(), Id.Read(ref reader));

    public void Write(JuteWriter writer)
    {
        writer.WriteInt((int)Perms);
        Id.Write(writer);
    }

    public static List<Acl> ReadList(ref JuteReader reader)
    {
        int count = reader.ReadVectorCount(minElementBytes: 12);
        var list = new List<Acl>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(Read(ref reader));
        }

        return list;
    }

    public static void WriteList(JuteWriter writer, IReadOnlyList<Acl>? acls)
    {
        if (acls is null)
        {
            writer.WriteVectorCount(-1);
            return;
        }

        writer.WriteVectorCount(acls.Count);
        foreach (var acl in acls)
        {
            acl.Write(writer);
        }
    }
}
