using Zk.Node.Core.Tree;
using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Requests;

/// <summary>
/// Requests that read the applied tree or change only this connection's watches (FinalRequestProcessor's
/// read cases). They run when they reach the head of their connection's reply queue, so they observe
/// every earlier write of the same session.
/// </summary>
/// <param name="maxReplyBytes">
/// Largest reply payload built; a multiRead stops collecting as soon as its encoded size passes it and is answered
/// MARSHALLINGERROR instead (a reply that large could not be read by a client with the same jute.maxbuffer anyway).
/// </param>
internal sealed class ReadProcessor(TreeGateway tree, int maxReplyBytes)
{
    // ReplyHeader, then per result a MultiHeader (type, done, err) and its body, then the closing MultiHeader.
    private const int MultiHeaderBytes = 4 + 1 + 4;
    private const int StatBytes = 68;

    /// <summary>Who is asking: the watcher id of the connection, its session and its auth ids.</summary>
    public readonly record struct Reader(long WatcherId, long SessionId, IReadOnlyList<Id> AuthIds);

    public byte[] Process(OpCode type, object record, int xid, long zxid, Reader reader) => (type, record) switch
    {
        (OpCode.Exists, ExistsRequest r) => Exists(r, xid, zxid, reader),
        (OpCode.GetData, GetDataRequest r) => GetData(r.Path, r.Watch, xid, zxid, reader),
        (OpCode.GetChildren, GetChildrenRequest r) => GetChildren(r.Path, r.Watch, withStat: false, xid, zxid, reader),
        (OpCode.GetChildren2, GetChildren2Request r) => GetChildren(r.Path, r.Watch, withStat: true, xid, zxid, reader),
        (OpCode.GetAcl, GetAclRequest r) => GetAcl(r, xid, zxid, reader),
        (OpCode.GetAllChildrenNumber, GetAllChildrenNumberRequest r) => GetAllChildrenNumber(r, xid, zxid, reader),
        (OpCode.GetEphemerals, GetEphemeralsRequest r) => GetEphemerals(r, xid, zxid, reader),
        (OpCode.MultiRead, MultiRequest r) => MultiRead(r, xid, zxid, reader),
        (OpCode.Sync, SyncRequest r) => tree.IsValidPath(r.Path)
            ? Replies.With(xid, zxid, new SyncResponse(r.Path))
            : Replies.Header(xid, zxid, KeeperErrorCode.BadArguments),
        (OpCode.WhoAmI, _) => Replies.With(xid, zxid, new WhoAmIResponse(ClientInfos(reader.AuthIds))),
        (OpCode.CheckWatches, CheckWatchesRequest r) => WatchPresence(r.Path, (WatcherType)r.Type, remove: false, xid, zxid, reader),
        (OpCode.RemoveWatches, RemoveWatchesRequest r) => WatchPresence(r.Path, (WatcherType)r.Type, remove: true, xid, zxid, reader),
        (OpCode.AddWatch, AddWatchRequest r) => AddWatch(r, xid, zxid, reader),
        _ => throw new InvalidOperationException($"{type} is not a read"),
    };

    /// <summary>
    /// FinalRequestProcessor's exists: no ACL check (ZooKeeper returns the Stat whatever the node's READ permission),
    /// and the only path check is for a NUL character; any other malformed path is simply not found.
    /// </summary>
    private byte[] Exists(ExistsRequest request, int xid, long zxid, Reader reader)
    {
        if (request.Path.Contains('\0', StringComparison.Ordinal))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.BadArguments);
        }

        // exists on a missing node still arms a watch: the later create fires NodeCreated.
        if (request.Watch && !Arm(request.Path, reader, WatchKind.Exist))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.Throttled);
        }

        var node = tree.GetNode(request.Path);
        return node is null
            ? Replies.Header(xid, zxid, KeeperErrorCode.NoNode)
            : Replies.With(xid, zxid, new ExistsResponse(node.ToStat()));
    }

    /// <summary>
    /// Arms a watch; false when the connection already holds <see cref="WatchOptions.MaxWatchesPerWatcher"/> watches,
    /// in which case the request is refused with THROTTLED rather than answered without the watch it asked for.
    /// </summary>
    private bool Arm(string path, Reader reader, WatchKind kind) =>
        tree.Watches.AddWatch(path, reader.WatcherId, kind) == KeeperErrorCode.Ok;

    private byte[] GetData(string path, bool watch, int xid, long zxid, Reader reader)
    {
        var code = ReadableNode(path, reader, out var node);
        if (code != KeeperErrorCode.Ok)
        {
            return Replies.Header(xid, zxid, code);
        }

        if (watch && !Arm(path, reader, WatchKind.Data))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.Throttled);
        }

        return Replies.With(xid, zxid, new GetDataResponse(node!.Data, node.ToStat()));
    }

    private byte[] GetChildren(string path, bool watch, bool withStat, int xid, long zxid, Reader reader)
    {
        var code = ReadableNode(path, reader, out var node);
        if (code != KeeperErrorCode.Ok)
        {
            return Replies.Header(xid, zxid, code);
        }

        if (watch && !Arm(path, reader, WatchKind.Child))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.Throttled);
        }

        var children = node!.Children.ToList();
        return withStat
            ? Replies.With(xid, zxid, new GetChildren2Response(children, node.ToStat()))
            : Replies.With(xid, zxid, new GetChildrenResponse(children));
    }

    private byte[] GetAcl(GetAclRequest request, int xid, long zxid, Reader reader)
    {
        if (!tree.IsValidPath(request.Path))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.BadArguments);
        }

        var node = tree.GetNode(request.Path);
        if (node is null)
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.NoNode);
        }

        var acl = tree.AclOf(node);
        bool admin = tree.CheckAcl(acl, Perms.Admin, reader.AuthIds);
        if (!admin && !tree.CheckAcl(acl, Perms.Read, reader.AuthIds))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.NoAuth);
        }

        // Without ADMIN the digest hashes are masked, so READ cannot be used to brute-force passwords.
        IReadOnlyList<Acl> visible = admin ? acl : [.. acl.Select(MaskDigest)];
        return Replies.With(xid, zxid, new GetAclResponse(visible, node.ToStat()));
    }

    private static Acl MaskDigest(Acl acl)
    {
        if (acl.Id.Scheme != "digest")
        {
            return acl;
        }

        int colon = acl.Id.Identity.IndexOf(':', StringComparison.Ordinal);
        string user = colon < 0 ? acl.Id.Identity : acl.Id.Identity[..colon];
        return acl with { Id = new Id("digest", user + ":x") };
    }

    private byte[] GetAllChildrenNumber(GetAllChildrenNumberRequest request, int xid, long zxid, Reader reader)
    {
        var code = ReadableNode(request.Path, reader, out _);
        return code != KeeperErrorCode.Ok
            ? Replies.Header(xid, zxid, code)
            : Replies.With(xid, zxid, new GetAllChildrenNumberResponse(tree.CountDescendants(request.Path)));
    }

    private byte[] GetEphemerals(GetEphemeralsRequest request, int xid, long zxid, Reader reader)
    {
        string prefix = string.IsNullOrEmpty(request.PrefixPath) ? "/" : request.PrefixPath;
        if (!tree.IsValidPath(prefix))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.BadArguments);
        }

        var paths = tree.Ephemerals(reader.SessionId)
            .Where(p => prefix == "/" || p.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Replies.With(xid, zxid, new GetEphemeralsResponse(paths));
    }

    private byte[] MultiRead(MultiRequest request, int xid, long zxid, Reader reader)
    {
        var results = new List<MultiResult>(request.Ops.Count);
        long size = ReplyHeader.WireSize + MultiHeaderBytes;
        foreach (var op in request.Ops)
        {
            string path = op.Record switch
            {
                GetDataRequest r => r.Path,
                GetChildrenRequest r => r.Path,
                _ => "",
            };
            var result = !op.IsRead ? MultiResult.Error(KeeperErrorCode.BadArguments) : ReadOne(op.Type, path, reader);
            size += MultiHeaderBytes + EncodedSize(result);
            if (size > maxReplyBytes)
            {
                // Stop here: the references collected so far cost nothing, encoding them would cost the whole reply.
                return Replies.Header(xid, zxid, KeeperErrorCode.MarshallingError);
            }

            results.Add(result);
        }

        return Replies.With(xid, zxid, new MultiResponse(results));
    }

    private MultiResult ReadOne(OpCode type, string path, Reader reader)
    {
        var code = ReadableNode(path, reader, out var node);
        return code != KeeperErrorCode.Ok ? MultiResult.Error(code)
            : type == OpCode.GetData ? MultiResult.GetData(node!.Data, node.ToStat())
            : MultiResult.GetChildren([.. node!.Children]);
    }

    private static long EncodedSize(MultiResult result) => result.Record switch
    {
        GetDataResponse r => 4L + (r.Data?.Length ?? 0) + StatBytes,
        GetChildrenResponse r => 4L + r.Children.Sum(c => 4L + System.Text.Encoding.UTF8.GetByteCount(c)),
        _ => 4,
    };

    private byte[] WatchPresence(string path, WatcherType type, bool remove, int xid, long zxid, Reader reader)
    {
        if (!tree.IsValidPath(path) || !Enum.IsDefined(type))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.BadArguments);
        }

        bool found = remove
            ? tree.Watches.RemoveWatches(path, reader.WatcherId, type)
            : tree.Watches.HasWatch(path, reader.WatcherId, type);
        return Replies.Header(xid, zxid, found ? KeeperErrorCode.Ok : KeeperErrorCode.NoWatcher);
    }

    private byte[] AddWatch(AddWatchRequest request, int xid, long zxid, Reader reader)
    {
        if (!tree.IsValidPath(request.Path))
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.BadArguments);
        }

        var kind = (AddWatchMode)request.Mode switch
        {
            AddWatchMode.Persistent => WatchKind.Persistent,
            AddWatchMode.PersistentRecursive => WatchKind.PersistentRecursive,
            _ => (WatchKind?)null,
        };
        if (kind is null)
        {
            return Replies.Header(xid, zxid, KeeperErrorCode.BadArguments);
        }

        var code = tree.Watches.AddWatch(request.Path, reader.WatcherId, kind.Value);
        return code == KeeperErrorCode.Ok
            ? Replies.With(xid, zxid, new ErrorResponse(0))
            : Replies.Header(xid, zxid, code);
    }

    private KeeperErrorCode ReadableNode(string path, Reader reader, out DataNode? node)
    {
        node = null;
        if (!tree.IsValidPath(path))
        {
            return KeeperErrorCode.BadArguments;
        }

        node = tree.GetNode(path);
        if (node is null)
        {
            return KeeperErrorCode.NoNode;
        }

        return tree.CheckAcl(tree.AclOf(node), Perms.Read, reader.AuthIds) ? KeeperErrorCode.Ok : KeeperErrorCode.NoAuth;
    }

    /// <summary>
    /// whoAmI as ZooKeeper 3.8 answers it: user names, not credentials (a digest id "user:hash" reports "user"),
    /// authenticated ids before the connection's ip id.
    /// </summary>
    private static ClientInfo[] ClientInfos(IReadOnlyList<Id> ids) =>
    [
        .. ids.Where(id => id.Scheme != "ip").Select(id => new ClientInfo(id.Scheme, id.Scheme == "digest" ? id.Identity.Split(':')[0] : id.Identity)),
        .. ids.Where(id => id.Scheme == "ip").Select(id => new ClientInfo(id.Scheme, id.Identity)),
    ];
}
