using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// getChildren2 (12), used for both GetChildrenAsync overloads since every server since 3.4 has it.
/// Request: GetChildren2Request{ustring path, boolean watch}. Reply: GetChildren2Response{vector&lt;ustring&gt; children, Stat stat}.
/// </summary>
internal sealed class GetChildrenCall(string clientPath, string serverPath, bool watch) : ZkCall<(IReadOnlyList<string> Children, Stat Stat)>(clientPath)
{
    public override OpCode OpCode => OpCode.GetChildren2;

    public override string? ServerPath => serverPath;

    public override WatchKind Watch => watch ? WatchKind.Child : WatchKind.None;

    public override void WriteBody(JuteWriter writer) => new GetChildren2Request(serverPath, watch).Write(writer);

    protected override (IReadOnlyList<string> Children, Stat Stat) Parse(ref JuteReader body)
    {
        var response = GetChildren2Response.Read(ref body);
        return (response.Children, response.Stat);
    }
}
