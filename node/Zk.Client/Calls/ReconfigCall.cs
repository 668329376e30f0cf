using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// reconfig (16). Request: ReconfigRequest{ustring joiningServers, ustring leavingServers, ustring newMembers,
/// long curConfigId}. Reply: GetDataResponse{buffer data, Stat stat} with the new configuration text.
/// </summary>
internal sealed class ReconfigCall(string? joining, string? leaving, string? newMembers, long fromConfig) : ZkCall<(byte[] Config, Stat Stat)>(ZkClient.ConfigPath)
{
    public override OpCode OpCode => OpCode.Reconfig;

    public override void WriteBody(JuteWriter writer) => new ReconfigRequest(joining, leaving, newMembers, fromConfig).Write(writer);

    protected override (byte[] Config, Stat Stat) Parse(ref JuteReader body)
    {
        var response = GetDataResponse.Read(ref body);
        return (response.Data ?? [], response.Stat);
    }
}
