using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>delete (2). Request: DeleteRequest{ustring path, int version}. Reply: empty.</summary>
internal sealed class DeleteCall(string clientPath, string serverPath, int version) : ZkCall<bool>(clientPath)
{
    public override OpCode OpCode => OpCode.Delete;

    public override string? ServerPath => serverPath;

    public override void WriteBody(JuteWriter writer) => new DeleteRequest(serverPath, version).Write(writer);

    protected override bool Parse(ref JuteReader body) => true;
}
