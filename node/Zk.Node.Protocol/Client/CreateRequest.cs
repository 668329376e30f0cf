using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>create (1), create2 (15) and createContainer (19) request; <see cref="CreateFlags"/> holds the mode.</summary>
/// <remarks>Layout: path: ustring | data: buffer | acl: vector&lt;ACL&gt; | flags: int.</remarks>
public readonly record struct CreateRequest(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, int Flags) : IJuteRecord<CreateRequest>
{
    public static CreateRequest Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBuffer(),
        reader.ReadVector<Acl>(minElementBytes: 12),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteVector(Acl);
        writer.WriteInt(Flags);
    }
}
