using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>sync (9). Request and reply: {ustring path}.</summary>
internal sealed class SyncCall(string clientPath, string serverPath, string? chroot) : ZkCall<string>(clientPath)
{
    public override OpCode OpCode => OpCode.Sync;

    public override string? ServerPath => serverPath;

    public override void WriteBody(JuteWriter writer) => new SyncRequest(serverPath).Write(writer);

    protected override string Parse(ref JuteReader body) => PathUtil.ToClient(chroot, SyncResponse.Read(ref body).Path);
}
