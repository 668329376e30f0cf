using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// create (1), create2 (15) or createContainer (19). Request: CreateRequest{ustring path, buffer data,
/// vector&lt;ACL&gt; acl, int flags}. Reply: CreateResponse{ustring path} for create, Create2Response{ustring path,
/// Stat stat} for create2 and createContainer.
/// </summary>
internal sealed class CreateCall(string clientPath, string serverPath, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, string? chroot, bool wantStat)
    : ZkCall<(string Path, Stat? Stat)>(clientPath)
{
    public override OpCode OpCode => mode == CreateMode.Container ? OpCode.CreateContainer : wantStat ? OpCode.Create2 : OpCode.Create;

    public override string? ServerPath => serverPath;

    public override void WriteBody(JuteWriter writer) => new CreateRequest(serverPath, data, acl, (int)mode).Write(writer);

    protected override (string Path, Stat? Stat) Parse(ref JuteReader body)
    {
        if (OpCode == OpCode.Create)
        {
            return (PathUtil.ToClient(chroot, CreateResponse.Read(ref body).Path), null);
        }

        var created = Create2Response.Read(ref body);
        return (PathUtil.ToClient(chroot, created.Path), created.Stat);
    }
}
