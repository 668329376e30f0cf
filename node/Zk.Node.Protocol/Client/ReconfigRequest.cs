using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>reconfig (16) request. Unused strings are null (kazoo sends -1); curConfigId -1 means any.</summary>
/// <remarks>Layout: joiningServers: ustring | leavingServers: ustring | newMembers: ustring | curConfigId: long.</remarks>
public readonly record struct ReconfigRequest(string? JoiningServers, string? LeavingServers, string? NewMembers, long CurConfigId) : IJuteRecord<ReconfigRequest>
{
    public static ReconfigRequest Read(ref JuteReader reader) => new(
        reader.ReadString(),
        reader.ReadString(),
        reader.ReadString(),
        reader.ReadLong());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(JoiningServers);
        writer.WriteString(LeavingServers);
        writer.WriteString(NewMembers);
        writer.WriteLong(CurConfigId);
    }
}
