using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getEphemerals (103) request: the calling session's ephemerals under a prefix ("" or "/" = all).</summary>
/// <remarks>Layout: prefixPath: ustring.</remarks>
public readonly record struct GetEphemeralsRequest(string PrefixPath) : IJuteRecord<GetEphemeralsRequest>
{
    public static GetEphemeralsRequest Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(PrefixPath);
    }
}
