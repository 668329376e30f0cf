using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>setData (5). Request: SetDataRequest{ustring path, buffer data, int version}. Reply: SetDataResponse{Stat stat}.</summary>
internal sealed class SetDataCall(string clientPath, string serverPath, byte[]? data, int version) : ZkCall<Stat>(clientPath)
{
    public override OpCode OpCode => OpCode.SetData;

    public override string? ServerPath => serverPath;

    public override void WriteBody(JuteWriter writer) => new SetDataRequest(serverPath, data, version).Write(writer);

    protected override Stat Parse(ref JuteReader body) => SetDataResponse.Read(ref body).Stat;
}
