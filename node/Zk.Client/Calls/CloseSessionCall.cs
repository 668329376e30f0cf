using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>closeSession (-11): empty request and reply; the server closes the socket after replying.</summary>
internal sealed class CloseSessionCall() : ZkCall<bool>(null)
{
    public override OpCode OpCode => OpCode.CloseSession;

    public override void WriteBody(JuteWriter writer)
    {
    }

    protected override bool Parse(ref JuteReader body) => true;
}
