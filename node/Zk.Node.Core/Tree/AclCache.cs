using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tree;

/// <summary>
/// ZooKeeper's ReferenceCountedACLCache: every distinct ACL list is stored once and nodes refer to it by
/// a long id, so a tree of a million nodes sharing three ACLs keeps (and snapshots) three lists. Ids
/// count up from 1 and are never reused; -1 is the implicit OPEN_ACL_UNSAFE of the built-in nodes. A
/// list is dropped when the last node using it goes away.
/// </summary>
public sealed class AclCache
{
    /// <summary>The id of the built-in nodes' world:anyone ALL list; it is never stored or counted.</summary>
    public const long OpenUnsafeAclId = -1;

    private readonly Dictionary<long, Acl[]> _byId = [];
    private readonly Dictionary<IReadOnlyList<Acl>, long> _byList = new(AclListComparer.Instance);
    private readonly Dictionary<long, long> _references = [];

    /// <summary>The last id handed out (aclIndex).</summary>
    public long LastId { get; private set; }

    /// <summary>Distinct lists currently stored.</summary>
    public int Count => _byId.Count;

    /// <summary>convertAcls: the id of <paramref name="acl"/>, stored if new, with one more reference.</summary>
    internal long Intern(IReadOnlyList<Acl>? acl)
    {
        if (acl is null)
        {
            return OpenUnsafeAclId;
        }

        if (!_byList.TryGetValue(acl, out long id))
        {
            id = ++LastId;
            var copy = acl.ToArray();
            _byId.Add(id, copy);
            _byList.Add(copy, id);
        }

        AddReference(id);
        return id;
    }

    /// <summary>convertLong: the list behind an id. An unknown id is a broken invariant.</summary>
    public IReadOnlyList<Acl> Get(long id)
    {
        if (id == OpenUnsafeAclId)
        {
            return Acl.OpenAclUnsafe;
        }

        return _byId.TryGetValue(id, out var acl)
            ? acl
            : throw new InvalidOperationException($"ACL id {id} is not in the ACL cache");
    }

    public bool Contains(long id) => id == OpenUnsafeAclId || _byId.ContainsKey(id);

    /// <summary>References to an id (0 for the implicit -1 and for unknown ids).</summary>
    public long ReferenceCount(long id) => _references.TryGetValue(id, out long count) ? count : 0;

    /// <summary>addUsage: one more node refers to <paramref name="id"/>.</summary>
    internal void AddReference(long id)
    {
        if (id == OpenUnsafeAclId || !_byId.ContainsKey(id))
        {
            return;
        }

        _references[id] = ReferenceCount(id) + 1;
    }

    /// <summary>removeUsage: one node fewer; the list goes when nothing refers to it.</summary>
    internal void RemoveReference(long id)
    {
        if (id == OpenUnsafeAclId || !_byId.TryGetValue(id, out var acl))
        {
            return;
        }

        long count = ReferenceCount(id) - 1;
        if (count > 0)
        {
            _references[id] = count;
            return;
        }

        _references.Remove(id);
        _byId.Remove(id);
        if (_byList.TryGetValue(acl, out long keyed) && keyed == id)
        {
            _byList.Remove(acl);
        }
    }

    /// <summary>The stored lists in id order (what a snapshot writes).</summary>
    public IEnumerable<KeyValuePair<long, IReadOnlyList<Acl>>> Entries() =>
        _byId.OrderBy(e => e.Key).Select(e => new KeyValuePair<long, IReadOnlyList<Acl>>(e.Key, e.Value));

    /// <summary>Restores one snapshot entry with no references yet; nodes add theirs as they load.</summary>
    internal void Load(long id, IReadOnlyList<Acl> acl)
    {
        var copy = acl.ToArray();
        if (id == OpenUnsafeAclId || !_byId.TryAdd(id, copy))
        {
            throw new InvalidOperationException($"ACL id {id} appears twice in the snapshot");
        }

        // Two ids with equal lists can only come from a corrupt snapshot; keep the first as the lookup key.
        _byList.TryAdd(copy, id);
        LastId = Math.Max(LastId, id);
    }

    /// <summary>purgeUnused: after a snapshot load, drop lists no node refers to.</summary>
    internal void PurgeUnused()
    {
        foreach (long id in _byId.Keys.Where(id => !_references.ContainsKey(id)).ToList())
        {
            var acl = _byId[id];
            _byId.Remove(id);
            if (_byList.TryGetValue(acl, out long keyed) && keyed == id)
            {
                _byList.Remove(acl);
            }
        }
    }
}
