using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// multi (14). Request: per op MultiHeader{int type, boolean done=false, int err=-1} + the op's request record,
/// then MultiHeader{-1, true, -1}. Reply: per op MultiHeader{type, false, err} + result record (CreateResponse,
/// Create2Response, SetDataResponse, nothing for delete/check, ErrorResponse{int err} for type -1), then the
/// terminator. A failed multi still has ReplyHeader.err = 0; failure shows only in the per-op results.
/// </summary>
internal sealed class MultiCall(IReadOnlyList<Op> ops, string? chroot) : ZkCall<IReadOnlyList<OpResult>>(null)
{
    public override OpCode OpCode => OpCode.Multi;

    public override void WriteBody(JuteWriter writer)
    {
        foreach (var op in ops)
        {
            switch (op)
            {
                case Op.CreateOp create:
                    WriteHeader(writer, create.Mode == CreateMode.Container ? OpCode.CreateContainer : OpCode.Create2);
                    CreateCall.WriteRequest(writer, PathUtil.ToServer(chroot, create.Path), create.Data, create.Acl, create.Mode);
                    break;
                case Op.DeleteOp delete:
                    WriteHeader(writer, OpCode.Delete);
                    writer.WriteString(PathUtil.ToServer(chroot, delete.Path));
                    writer.WriteInt(delete.Version);
                    break;
                case Op.SetDataOp setData:
                    WriteHeader(writer, OpCode.SetData);
                    writer.WriteString(PathUtil.ToServer(chroot, setData.Path));
                    writer.WriteBuffer(setData.Data);
                    writer.WriteInt(setData.Version);
                    break;
                case Op.CheckOp check:
                    WriteHeader(writer, OpCode.Check);
                    writer.WriteString(PathUtil.ToServer(chroot, check.Path));
                    writer.WriteInt(check.Version);
                    break;
                default:
                    throw new ArgumentException($"unsupported op {op.GetType().Name}");
            }
        }

        writer.WriteInt((int)OpCode.Error);
        writer.WriteBool(true);
        writer.WriteInt(-1);
    }

    protected override IReadOnlyList<OpResult> Parse(ref JuteReader body)
    {
        var results = new List<OpResult>(ops.Count);
        while (true)
        {
            var type = (OpCode)body.ReadInt();
            bool done = body.ReadBool();
            body.ReadInt();
            if (done)
            {
                break;
            }

            results.Add(type switch
            {
                OpCode.Create => new OpResult.CreateResult(PathUtil.ToClient(chroot, body.ReadString() ?? ""), null),
                OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl =>
                    new OpResult.CreateResult(PathUtil.ToClient(chroot, body.ReadString() ?? ""), Stat.Read(ref body)),
                OpCode.Delete => new OpResult.DeleteResult(),
                OpCode.SetData => new OpResult.SetDataResult(Stat.Read(ref body)),
                OpCode.Check => new OpResult.CheckResult(),
                OpCode.Error => new OpResult.ErrorResult((KeeperErrorCode)body.ReadInt()),
                _ => throw new JuteException($"unexpected multi result type {(int)type}"),
            });
        }

        return results;
    }

    protected override KeeperException? Reject(IReadOnlyList<OpResult> value)
    {
        for (int i = 0; i < value.Count; i++)
        {
            if (value[i] is OpResult.ErrorResult { Code: not KeeperErrorCode.Ok } error)
            {
                return new KeeperException(error.Code, i < ops.Count ? ops[i].Path : null, value);
            }
        }

        return null;
    }

    private static void WriteHeader(JuteWriter writer, OpCode type)
    {
        writer.WriteInt((int)type);
        writer.WriteBool(false);
        writer.WriteInt(-1);
    }
}
