using Zk.Node.Core.Tree;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Core.Requests;

/// <summary>
/// ZooKeeper's PrepRequestProcessor: checks a write against the tree as every earlier, not yet applied
/// write leaves it (<see cref="OutstandingChanges"/>) and turns it into a txn. Check order per op follows
/// ZooKeeper's so clients get the same error for the same mistake.
/// </summary>
internal sealed class RequestPreparer(TreeGateway tree, OutstandingChanges outstanding, bool extendedTypesEnabled)
{
    public const string ConfigPath = "/zookeeper/config";

    /// <summary>Context of the request being prepared.</summary>
    public readonly record struct Caller(long SessionId, IReadOnlyList<Id> AuthIds, long Zxid, long Time);

    public KeeperErrorCode Prepare(OpCode type, object record, Caller caller, out PreparedTxn txn)
    {
        var scope = new OutstandingChanges.Scope(outstanding);
        var code = PrepareOne(type, record, caller, scope, out txn);
        if (code == KeeperErrorCode.Ok)
        {
            scope.Commit();
        }

        return code;
    }

    /// <summary>All-or-nothing: on failure the returned response carries ZooKeeper's per-op error layout and no change is recorded.</summary>
    public KeeperErrorCode PrepareMulti(MultiRequest multi, Caller caller, out PreparedTxn txn, out MultiResponse? failure)
    {
        var scope = new OutstandingChanges.Scope(outstanding);
        var ops = new List<MultiTxnOp>(multi.Ops.Count);
        for (int i = 0; i < multi.Ops.Count; i++)
        {
            var op = multi.Ops[i];
            var sub = default(PreparedTxn);
            var code = op.IsRead || op.Type == OpCode.Multi
                ? KeeperErrorCode.BadArguments
                : PrepareOne(op.Type, op.Record, caller, scope, out sub);
            if (code != KeeperErrorCode.Ok)
            {
                failure = MultiResponse.Failed(multi.Ops.Count, i, code);
                txn = default;
                return code;
            }

            ops.Add(TxnCodec.EncodeMultiOp(sub.Type, sub.Txn));
        }

        scope.Commit();
        failure = null;
        txn = new PreparedTxn((int)OpCode.Multi, new MultiTxn(ops));
        return KeeperErrorCode.Ok;
    }

    /// <summary>closeSession: every ephemeral the session will own once the outstanding txns apply is deleted with it.</summary>
    public PreparedTxn PrepareCloseSession(Caller caller)
    {
        var paths = new SortedSet<string>(tree.Ephemerals(caller.SessionId), StringComparer.Ordinal);
        foreach (var change in outstanding.All)
        {
            if (!change.Exists)
            {
                paths.Remove(change.Path);
            }
            else if (change.EphemeralOwner == caller.SessionId)
            {
                paths.Add(change.Path);
            }
        }

        foreach (string path in paths)
        {
            var parent = Find(ParentOf(path), outstanding.Find);
            if (parent is not null)
            {
                outstanding.Add(parent with { Zxid = caller.Zxid, ChildCount = parent.ChildCount - 1 });
            }

            outstanding.Add(ChangeRecord.Missing(caller.Zxid, path));
        }

        return new PreparedTxn((int)OpCode.CloseSession, new CloseSessionTxn([.. paths]));
    }

    /// <summary>The reaper's delete of an empty container or expired TTL node; Ok only if it is still due.</summary>
    public KeeperErrorCode PrepareDeleteContainer(string path, Caller caller, out PreparedTxn txn)
    {
        txn = default;
        var node = Find(path, outstanding.Find);
        if (node is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (node.ChildCount > 0)
        {
            return KeeperErrorCode.NotEmpty;
        }

        if (EphemeralType.Get(node.EphemeralOwner) is not (EphemeralKind.Container or EphemeralKind.Ttl))
        {
            return KeeperErrorCode.BadVersion;
        }

        var parent = Find(ParentOf(path), outstanding.Find);
        if (parent is null)
        {
            return KeeperErrorCode.NoNode;
        }

        outstanding.Add(parent with { Zxid = caller.Zxid, ChildCount = parent.ChildCount - 1 });
        outstanding.Add(ChangeRecord.Missing(caller.Zxid, path));
        txn = new PreparedTxn((int)OpCode.DeleteContainer, new DeleteTxn(path));
        return KeeperErrorCode.Ok;
    }

    private KeeperErrorCode PrepareOne(OpCode type, object record, Caller caller, OutstandingChanges.Scope scope, out PreparedTxn txn)
    {
        txn = default;
        return (type, record) switch
        {
            (OpCode.Create or OpCode.Create2 or OpCode.CreateContainer, CreateRequest r) =>
                PrepareCreate(type, r.Path, r.Data, r.Acl, r.Flags, -1, caller, scope, out txn),
            (OpCode.CreateTtl, CreateTtlRequest r) =>
                PrepareCreate(type, r.Path, r.Data, r.Acl, r.Flags, r.Ttl, caller, scope, out txn),
            (OpCode.Delete, DeleteRequest r) => PrepareDelete(r, caller, scope, out txn),
            (OpCode.SetData, SetDataRequest r) => PrepareSetData(r, caller, scope, out txn),
            (OpCode.SetAcl, SetAclRequest r) => PrepareSetAcl(r, caller, scope, out txn),
            (OpCode.Check, CheckVersionRequest r) => PrepareCheck(r, caller, scope, out txn),
            _ => KeeperErrorCode.BadArguments,
        };
    }

    private KeeperErrorCode PrepareCreate(
        OpCode type, string path, byte[]? data, IReadOnlyList<Acl> acl, int flags, long ttl,
        Caller caller, OutstandingChanges.Scope scope, out PreparedTxn txn)
    {
        txn = default;
        if (!CreateFlags.IsValid(flags)
            || (type == OpCode.CreateContainer && !CreateFlags.IsContainer(flags))
            || (type != OpCode.CreateTtl && CreateFlags.IsTtl(flags)))
        {
            return KeeperErrorCode.BadArguments;
        }

        if (type == OpCode.CreateTtl)
        {
            if (!extendedTypesEnabled)
            {
                return KeeperErrorCode.Unimplemented;
            }

            if (!CreateFlags.IsTtl(flags) || !EphemeralType.IsValidTtl(ttl))
            {
                return KeeperErrorCode.BadArguments;
            }
        }

        int lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            return KeeperErrorCode.BadArguments;
        }

        var aclCode = tree.FixupAcl(acl, caller.AuthIds, out var fixedAcl);
        if (aclCode != KeeperErrorCode.Ok)
        {
            return aclCode;
        }

        string parentPath = lastSlash == 0 ? "/" : path[..lastSlash];
        var parent = Find(parentPath, scope.Find);
        if (parent is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (!tree.CheckAcl(parent.Acl, Perms.Create, caller.AuthIds))
        {
            return KeeperErrorCode.NoAuth;
        }

        if (IsConfigPath(path) && !tree.IsSuper(caller.AuthIds))
        {
            return KeeperErrorCode.NoAuth;
        }

        if (CreateFlags.IsSequential(flags))
        {
            path = SequentialNames.Append(path, parent.Cversion);
        }

        if (!tree.IsValidPath(path) || path == "/")
        {
            return KeeperErrorCode.BadArguments;
        }

        if (Find(path, scope.Find) is not null)
        {
            return KeeperErrorCode.NodeExists;
        }

        if (EphemeralType.Get(parent.EphemeralOwner) == EphemeralKind.Normal)
        {
            return KeeperErrorCode.NoChildrenForEphemerals;
        }

        int newCversion = unchecked(parent.Cversion + 1);
        long owner;
        if (CreateFlags.IsContainer(flags))
        {
            owner = EphemeralType.ContainerOwner;
            txn = new PreparedTxn((int)OpCode.CreateContainer, new CreateContainerTxn(path, data, fixedAcl, newCversion));
        }
        else if (CreateFlags.IsTtl(flags))
        {
            owner = EphemeralType.TtlToOwner(ttl);
            txn = new PreparedTxn((int)OpCode.CreateTtl, new CreateTtlTxn(path, data, fixedAcl, newCversion, ttl));
        }
        else
        {
            bool ephemeral = CreateFlags.IsEphemeral(flags);
            owner = ephemeral ? caller.SessionId : 0;
            int txnType = type == OpCode.Create ? (int)OpCode.Create : (int)OpCode.Create2;
            txn = new PreparedTxn(txnType, new CreateTxn(path, data, fixedAcl, ephemeral, newCversion));
        }

        scope.Add(parent with { Zxid = caller.Zxid, ChildCount = parent.ChildCount + 1, Cversion = newCversion });
        scope.Add(new ChangeRecord(caller.Zxid, path, true, 0, 0, 0, 0, owner, fixedAcl));
        return KeeperErrorCode.Ok;
    }

    private KeeperErrorCode PrepareDelete(DeleteRequest request, Caller caller, OutstandingChanges.Scope scope, out PreparedTxn txn)
    {
        txn = default;
        string path = request.Path;
        if (!tree.IsValidPath(path) || TreeGateway.IsSpecialPath(path))
        {
            return KeeperErrorCode.BadArguments;
        }

        var parent = Find(ParentOf(path), scope.Find);
        if (parent is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (!tree.CheckAcl(parent.Acl, Perms.Delete, caller.AuthIds))
        {
            return KeeperErrorCode.NoAuth;
        }

        var node = Find(path, scope.Find);
        if (node is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (request.Version != -1 && request.Version != node.Version)
        {
            return KeeperErrorCode.BadVersion;
        }

        if (node.ChildCount > 0)
        {
            return KeeperErrorCode.NotEmpty;
        }

        scope.Add(parent with { Zxid = caller.Zxid, ChildCount = parent.ChildCount - 1 });
        scope.Add(ChangeRecord.Missing(caller.Zxid, path));
        txn = new PreparedTxn((int)OpCode.Delete, new DeleteTxn(path));
        return KeeperErrorCode.Ok;
    }

    private KeeperErrorCode PrepareSetData(SetDataRequest request, Caller caller, OutstandingChanges.Scope scope, out PreparedTxn txn)
    {
        txn = default;
        string path = request.Path;
        if (!tree.IsValidPath(path))
        {
            return KeeperErrorCode.BadArguments;
        }

        var node = Find(path, scope.Find);
        if (node is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (!tree.CheckAcl(node.Acl, Perms.Write, caller.AuthIds) || (IsConfigPath(path) && !tree.IsSuper(caller.AuthIds)))
        {
            return KeeperErrorCode.NoAuth;
        }

        if (request.Version != -1 && request.Version != node.Version)
        {
            return KeeperErrorCode.BadVersion;
        }

        int newVersion = unchecked(node.Version + 1);
        scope.Add(node with { Zxid = caller.Zxid, Version = newVersion });
        txn = new PreparedTxn((int)OpCode.SetData, new SetDataTxn(path, request.Data, newVersion));
        return KeeperErrorCode.Ok;
    }

    private KeeperErrorCode PrepareSetAcl(SetAclRequest request, Caller caller, OutstandingChanges.Scope scope, out PreparedTxn txn)
    {
        txn = default;
        string path = request.Path;
        if (!tree.IsValidPath(path))
        {
            return KeeperErrorCode.BadArguments;
        }

        var aclCode = tree.FixupAcl(request.Acl, caller.AuthIds, out var fixedAcl);
        if (aclCode != KeeperErrorCode.Ok)
        {
            return aclCode;
        }

        var node = Find(path, scope.Find);
        if (node is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (!tree.CheckAcl(node.Acl, Perms.Admin, caller.AuthIds) || (IsConfigPath(path) && !tree.IsSuper(caller.AuthIds)))
        {
            return KeeperErrorCode.NoAuth;
        }

        if (request.Version != -1 && request.Version != node.Aversion)
        {
            return KeeperErrorCode.BadVersion;
        }

        int newVersion = unchecked(node.Aversion + 1);
        scope.Add(node with { Zxid = caller.Zxid, Aversion = newVersion, Acl = fixedAcl });
        txn = new PreparedTxn((int)OpCode.SetAcl, new SetAclTxn(path, fixedAcl, newVersion));
        return KeeperErrorCode.Ok;
    }

    private KeeperErrorCode PrepareCheck(CheckVersionRequest request, Caller caller, OutstandingChanges.Scope scope, out PreparedTxn txn)
    {
        txn = default;
        string path = request.Path;
        if (!tree.IsValidPath(path))
        {
            return KeeperErrorCode.BadArguments;
        }

        var node = Find(path, scope.Find);
        if (node is null)
        {
            return KeeperErrorCode.NoNode;
        }

        if (!tree.CheckAcl(node.Acl, Perms.Read, caller.AuthIds))
        {
            return KeeperErrorCode.NoAuth;
        }

        if (request.Version != -1 && request.Version != node.Version)
        {
            return KeeperErrorCode.BadVersion;
        }

        txn = new PreparedTxn((int)OpCode.Check, new CheckVersionTxn(path, unchecked(node.Version + 1)));
        return KeeperErrorCode.Ok;
    }

    /// <summary>The record for a path: outstanding first, then the applied tree; null if it does not exist.</summary>
    private ChangeRecord? Find(string path, Func<string, ChangeRecord?> pending)
    {
        var record = pending(path) ?? tree.ReadRecord(path);
        return record is { Exists: true } ? record : null;
    }

    public static string ParentOf(string path)
    {
        int lastSlash = path.LastIndexOf('/');
        return lastSlash <= 0 ? "/" : path[..lastSlash];
    }

    private static bool IsConfigPath(string path) =>
        path == ConfigPath || path.StartsWith(ConfigPath + "/", StringComparison.Ordinal);
}
