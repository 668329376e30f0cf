using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>getData (4). Request: GetDataRequest{ustring path, boolean watch}. Reply: GetDataResponse{buffer data, Stat stat}.</summary>
internal sealed class GetDataCall(string clientPath, string serverPath, bool watch) : ZkCall<(byte[]? Data, Stat Stat)>(clientPath)
{
    public override OpCode OpCode => OpCode.GetData;

    public override string? ServerPath => serverPath;

    public override WatchKind Watch => watch ? WatchKind.Data : WatchKind.None;

    public override void WriteBody(JuteWriter writer) => new GetDataRequest(serverPath, watch).Write(writer);

    protected override (byte[]? Data, Stat Stat) Parse(ref JuteReader body)
    {
        var response = GetDataResponse.Read(ref body);
        return (response.Data, response.Stat);
    }
}
