using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// multi (14). Request: per op MultiHeader{int type, boolean done=false, int err=-1} + the op's request record,
/// then MultiHeader{-1, true, -1}. Reply: per op MultiHeader{type, false, err} + result record (CreateResponse,
/// Create2Response, SetDataResponse, nothing for delete/check, ErrorResponse{int err} for type -1), then the
/// terminator. A failed multi still has ReplyHeader.err = 0; failure shows only in the per-op results.
/// </summary>
internal sealed class MultiCall : ZkCall<IReadOnlyList<OpResult>>
{
    private readonly IReadOnlyList<Op> _ops;
    private readonly string? _chroot;
    private readonly MultiRequest _request;

    /// <summary>Builds the request up front so a bad path throws before anything is written to the connection.</summary>
    public MultiCall(IReadOnlyList<Op> ops, string? chroot)
        : base(null)
    {
        _ops = ops;
        _chroot = chroot;
        _request = new MultiRequest(ops.Select(ToOperation).ToList());
    }

    public override OpCode OpCode => OpCode.Multi;

    public override void WriteBody(JuteWriter writer) => _request.Write(writer);

    protected override IReadOnlyList<OpResult> Parse(ref JuteReader body)
    {
        var response = MultiResponse.Read(ref body);
        var results = new List<OpResult>(response.Results.Count);
        foreach (var result in response.Results)
        {
            results.Add(result.Record switch
            {
                CreateResponse created => new OpResult.CreateResult(PathUtil.ToClient(_chroot, created.Path), null),
                Create2Response created => new OpResult.CreateResult(PathUtil.ToClient(_chroot, created.Path), created.Stat),
                SetDataResponse set => new OpResult.SetDataResult(set.Stat),
                null when result.Type == OpCode.Delete => new OpResult.DeleteResult(),
                null when result.Type == OpCode.Check => new OpResult.CheckResult(),
                _ when result.IsError => new OpResult.ErrorResult(result.Err),
                _ => throw new JuteException($"unexpected multi result type {(int)result.Type}"),
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
                return new KeeperException(error.Code, i < _ops.Count ? _ops[i].Path : null, value);
            }
        }

        return null;
    }

    private MultiOperation ToOperation(Op op) => op switch
    {
        Op.CreateOp create => new MultiOperation(
            create.Mode == CreateMode.Container ? OpCode.CreateContainer : OpCode.Create2,
            new CreateRequest(PathUtil.ToServer(_chroot, create.Path), create.Data, create.Acl, (int)create.Mode)),
        Op.DeleteOp delete => new MultiOperation(OpCode.Delete, new DeleteRequest(PathUtil.ToServer(_chroot, delete.Path), delete.Version)),
        Op.SetDataOp setData => new MultiOperation(OpCode.SetData, new SetDataRequest(PathUtil.ToServer(_chroot, setData.Path), setData.Data, setData.Version)),
        Op.CheckOp check => new MultiOperation(OpCode.Check, new CheckVersionRequest(PathUtil.ToServer(_chroot, check.Path), check.Version)),
        _ => throw new ArgumentException($"unsupported op {op.GetType().Name}"),
    };
}
