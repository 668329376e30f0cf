using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>exists (3). Request: ExistsRequest{ustring path, boolean watch}. Reply: ExistsResponse{Stat stat}; NoNode means absent.</summary>
internal sealed class ExistsCall(string clientPath, string serverPath, bool watch) : ZkCall<Stat?>(clientPath)
{
    public override OpCode OpCode => OpCode.Exists;

    public override string? ServerPath => serverPath;

    public override WatchKind Watch => watch ? WatchKind.Exist : WatchKind.None;

    public override void WriteBody(JuteWriter writer) => new ExistsRequest(serverPath, watch).Write(writer);

    protected override Stat? Parse(ref JuteReader body) => ExistsResponse.Read(ref body).Stat;

    protected override bool TryResultForError(KeeperErrorCode code, out Stat? result)
    {
        result = null;
        return code == KeeperErrorCode.NoNode;
    }
}
