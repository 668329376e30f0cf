using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>whoAmI (107) reply: the connection's authenticated identities.</summary>
/// <remarks>Layout: clientInfo: vector&lt;ClientInfo&gt;.</remarks>
public readonly record struct WhoAmIResponse(IReadOnlyList<ClientInfo> ClientInfo) : IJuteRecord<WhoAmIResponse>
{
    public static WhoAmIResponse Read(ref JuteReader reader) => new(reader.ReadVector<ClientInfo>(minElementBytes: 8));

    public void Write(JuteWriter writer)
    {
        writer.WriteVector(ClientInfo);
    }
}
