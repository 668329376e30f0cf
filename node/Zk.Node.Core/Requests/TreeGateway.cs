using Zk.Node.Core.Acls;
using Zk.Node.Core.Tree;
using Zk.Node.Core.Watches;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Requests;

/// <summary>
/// The pipeline's one door to the tree, the watch manager and the ACL rules, so prep, apply and reads share
/// one notion of "node", "allowed" and "valid path". The tree is replaced when a snapshot loads.
/// </summary>
/// <param name="skipAcl">skipACL=yes: every permission check passes, as ZooKeeper's checkACL returns at once.</param>
internal sealed class TreeGateway(WatchOptions watchOptions, string? superDigest, bool skipAcl = false)
{
    private static readonly HashSet<string> SpecialPaths = new(StringComparer.Ordinal)
    {
        DataTree.RootPath, DataTree.ZookeeperPath, DataTree.QuotaPath, DataTree.ConfigPath,
    };

    public DataTree Tree { get; private set; } = new(watchOptions);

    public WatchManager Watches => Tree.Watches;

    /// <summary>Watch events fired since the caller last cleared them, in firing order.</summary>
    public List<WatchEvent> Events { get; } = [];

    /// <summary>Which auth ids a watcher holds, for the READ check on event delivery (CVE-2024-23944).</summary>
    public Func<long, IReadOnlyList<Id>?>? WatcherIds { get; set; }

    /// <summary>The nodes ZooKeeper treats as special: never deleted by clients.</summary>
    public static bool IsSpecialPath(string path) => SpecialPaths.Contains(path);

    public bool IsValidPath(string path) => PathValidator.IsValid(path);

    public DataNode? GetNode(string path) => Tree.TryGetNode(path, out var node) ? node : null;

    public IReadOnlyList<Acl> AclOf(DataNode node) => Tree.GetAcl(node);

    /// <summary>The applied node as prep sees it, or null when it does not exist.</summary>
    public ChangeRecord? ReadRecord(string path) => Tree.TryGetNode(path, out var node)
        ? new ChangeRecord(node.Mzxid, path, true, node.Version, node.Aversion, node.Cversion, node.NumChildren, node.EphemeralOwner, Tree.GetAcl(node))
        : null;

    public bool CheckAcl(IReadOnlyList<Acl> acl, Perms perm, IReadOnlyList<Id> authIds) => skipAcl || AclChecker.Check(acl, perm, authIds);

    public bool IsSuper(IReadOnlyList<Id> authIds) => authIds.Any(id => id.Scheme == AclSchemes.Super);

    public KeeperErrorCode FixupAcl(IReadOnlyList<Acl>? acl, IReadOnlyList<Id> authIds, out IReadOnlyList<Acl> fixedAcl) =>
        AclValidator.FixupAcl(acl, authIds, out fixedAcl);

    /// <summary>The ids an auth packet grants, or null when the scheme is unknown or the credentials malformed.</summary>
    public IReadOnlyList<Id>? Authenticate(string scheme, byte[]? auth)
    {
        if (scheme != AclSchemes.Digest || auth is null)
        {
            return null;
        }

        string credentials;
        try
        {
            credentials = new System.Text.UTF8Encoding(false, true).GetString(auth);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }

        return credentials.Contains(':', StringComparison.Ordinal) ? DigestAuth.Authenticate(credentials, superDigest) : null;
    }

    public IReadOnlyList<string> Ephemerals(long sessionId) => Tree.GetEphemerals(sessionId);

    public int CountDescendants(string path) => Tree.CountAllDescendants(path);

    public IReadOnlyList<string> ReapCandidates(long nowMs) => Tree.GetReapCandidates(nowMs);

    public KeeperErrorCode Create(string path, byte[]? data, IReadOnlyList<Acl> acl, long owner, int parentCVersion, long zxid, long time, out Stat stat)
    {
        var code = Tree.CreateNode(path, data, acl, owner, parentCVersion, zxid, time, out stat);
        Collect();
        return code;
    }

    public KeeperErrorCode Delete(string path, long zxid)
    {
        var code = Tree.DeleteNode(path, zxid);
        Collect();
        return code;
    }

    public KeeperErrorCode SetData(string path, byte[]? data, int version, long zxid, long time, out Stat stat)
    {
        (var code, stat) = Tree.SetData(path, data, version, zxid, time);
        Collect();
        return code;
    }

    public KeeperErrorCode SetAcl(string path, IReadOnlyList<Acl> acl, int version, out Stat stat)
    {
        (var code, stat) = Tree.SetAcl(path, acl, version);
        Collect();
        return code;
    }

    /// <summary>Deletes the session's ephemerals: the paths the txn lists (ZooKeeper 3.6+), then any the tree still holds.</summary>
    public void KillSession(long sessionId, IReadOnlyList<string> paths, long zxid)
    {
        foreach (string path in paths)
        {
            if (Tree.TryGetNode(path, out var node) && node.EphemeralOwner == sessionId)
            {
                Tree.DeleteNode(path, zxid);
            }
        }

        Tree.KillSession(sessionId, zxid);
        Collect();
    }

    /// <summary>Re-arms a reconnecting client's watches; Throttled when the watcher's limit stopped some of them.</summary>
    public KeeperErrorCode SetWatches(long watcher, long relativeZxid, IReadOnlyList<string> data, IReadOnlyList<string> exist, IReadOnlyList<string> child,
        IReadOnlyList<string> persistent, IReadOnlyList<string> recursive)
    {
        var code = Tree.SetWatches(watcher, relativeZxid, data, exist, child, persistent, recursive);
        Collect();
        return code;
    }

    public void Applied(long zxid)
    {
        if (Tree.LastProcessedZxid < zxid)
        {
            Tree.LastProcessedZxid = zxid;
        }
    }

    public void WriteSnapshot(JuteWriter writer) => DataTreeSnapshot.Serialize(Tree, writer);

    public void LoadSnapshot(ref JuteReader reader, long zxid)
    {
        Tree = DataTreeSnapshot.Deserialize(ref reader, watchOptions);
        Tree.LastProcessedZxid = zxid;
        InstallDeliveryFilter();
    }

    public void InstallDeliveryFilter() =>
        Tree.Watches.DeliveryFilter = (watcher, acl) => WatcherIds?.Invoke(watcher) is { } ids && CheckAcl(acl, Perms.Read, ids);

    private void Collect() => Tree.DrainEvents(Events);
}
