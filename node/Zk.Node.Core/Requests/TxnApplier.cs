using Zk.Node.Core.Sessions;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Core.Requests;

/// <summary>
/// ZooKeeper's FinalRequestProcessor / DataTree.processTxn: applies one txn to the tree and the session
/// table and builds the reply body a client gets for it. Used for live txns and for log replay alike, so
/// both reach the same state. Watch events land in <see cref="TreeGateway.Events"/>.
/// </summary>
internal sealed class TxnApplier(TreeGateway tree, SessionTracker sessions)
{
    /// <param name="nowMs">When sessions created by this txn start counting towards expiry.</param>
    public ApplyResult Apply(TxnHeader header, object? txn, long nowMs)
    {
        switch (txn)
        {
            case CreateSessionTxn t:
                sessions.Add(header.ClientId, t.TimeOut, t.Passwd ?? [], nowMs);
                return ApplyResult.Empty;
            case CloseSessionTxn t:
                tree.KillSession(header.ClientId, t.Paths2Delete, header.Zxid);
                sessions.Remove(header.ClientId);
                return ApplyResult.Empty;
            case MultiTxn t:
                return ApplyMulti(header, t);
            case ErrorTxn t:
                return new ApplyResult((KeeperErrorCode)t.Err, null);
            default:
                return ApplyOne(header, header.Type, txn);
        }
    }

    private ApplyResult ApplyOne(TxnHeader header, int type, object? txn)
    {
        switch (txn)
        {
            case CreateTxn t:
                {
                    long owner = t.Ephemeral ? header.ClientId : 0;
                    var code = tree.Create(t.Path, t.Data, t.Acl, owner, t.ParentCVersion, header.Zxid, header.Time, out var stat);
                    return code != KeeperErrorCode.Ok ? new ApplyResult(code, null)
                        : type == (int)OpCode.Create ? new ApplyResult(code, new CreateResponse(t.Path))
                        : new ApplyResult(code, new Create2Response(t.Path, stat));
                }

            case CreateContainerTxn t:
                {
                    var code = tree.Create(t.Path, t.Data, t.Acl, Tree.EphemeralType.ContainerOwner, t.ParentCVersion, header.Zxid, header.Time, out var stat);
                    return new ApplyResult(code, code == KeeperErrorCode.Ok ? new Create2Response(t.Path, stat) : null);
                }

            case CreateTtlTxn t:
                {
                    var code = tree.Create(t.Path, t.Data, t.Acl, Tree.EphemeralType.TtlToOwner(t.Ttl), t.ParentCVersion, header.Zxid, header.Time, out var stat);
                    return new ApplyResult(code, code == KeeperErrorCode.Ok ? new Create2Response(t.Path, stat) : null);
                }

            case DeleteTxn t:
                return new ApplyResult(tree.Delete(t.Path, header.Zxid), null);
            case SetDataTxn t when type == (int)OpCode.Reconfig:
                {
                    // The new configuration replaces /zookeeper/config; the client gets the text and the node's Stat.
                    var code = tree.SetData(t.Path, t.Data, t.Version, header.Zxid, header.Time, out var stat);
                    return new ApplyResult(code, code == KeeperErrorCode.Ok ? new GetDataResponse(t.Data, stat) : null);
                }

            case SetDataTxn t:
                {
                    var code = tree.SetData(t.Path, t.Data, t.Version, header.Zxid, header.Time, out var stat);
                    return new ApplyResult(code, code == KeeperErrorCode.Ok ? new SetDataResponse(stat) : null);
                }

            case SetAclTxn t:
                {
                    var code = tree.SetAcl(t.Path, t.Acl, t.Version, out var stat);
                    return new ApplyResult(code, code == KeeperErrorCode.Ok ? new SetAclResponse(stat) : null);
                }

            case CheckVersionTxn:
                return ApplyResult.Empty;
            case ErrorTxn t:
                return new ApplyResult((KeeperErrorCode)t.Err, null);
            default:
                throw new InvalidOperationException($"txn type {type} ({txn?.GetType().Name ?? "null"}) cannot be applied");
        }
    }

    private ApplyResult ApplyMulti(TxnHeader header, MultiTxn multi)
    {
        var results = new List<MultiResult>(multi.Txns.Count);
        if (multi.Txns.Any(op => op.Type == (int)OpCode.Error))
        {
            // A multi that failed in prep is logged as error txns, one per op, carrying the per-op codes it answers with.
            foreach (var op in multi.Txns)
            {
                var code = op.Type == (int)OpCode.Error ? (KeeperErrorCode)((ErrorTxn)TxnCodec.DecodeMultiOp(op)).Err : KeeperErrorCode.Ok;
                results.Add(MultiResult.Error(code));
            }

            return new ApplyResult(KeeperErrorCode.Ok, new MultiResponse(results));
        }

        for (int i = 0; i < multi.Txns.Count; i++)
        {
            var op = multi.Txns[i];
            object sub = TxnCodec.DecodeMultiOp(op);
            var applied = ApplyOne(header, op.Type, sub);
            if (applied.Err != KeeperErrorCode.Ok)
            {
                // Prep validated every op against the outstanding changes, so this is a broken invariant;
                // answer as ZooKeeper's DataTree does rather than leave the client hanging.
                return new ApplyResult(KeeperErrorCode.Ok, MultiResponse.Failed(multi.Txns.Count, i, applied.Err));
            }

            results.Add(ToMultiResult(op.Type, applied.Response));
        }

        return new ApplyResult(KeeperErrorCode.Ok, new MultiResponse(results));
    }

    private static MultiResult ToMultiResult(int type, object? response) => response switch
    {
        CreateResponse r => MultiResult.Create(r.Path),
        // ZooKeeper 3.8 reports a create2 op inside multi as a plain create result (path only); verified by the
        // differential test against a real server.
        Create2Response r when type == (int)OpCode.Create2 => MultiResult.Create(r.Path),
        Create2Response r => MultiResult.Create2(r.Path, r.Stat),
        SetDataResponse r => MultiResult.SetData(r.Stat),
        _ when type == (int)OpCode.Check => MultiResult.Check(),
        _ => MultiResult.Delete(),
    };
}
