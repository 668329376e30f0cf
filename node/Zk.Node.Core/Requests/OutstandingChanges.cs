namespace Zk.Node.Core.Requests;

/// <summary>
/// Changes prepared but not yet applied, so a pipelined write is validated against the state every earlier
/// write leaves behind (ZooKeeper's outstandingChanges). A multi preps into a <see cref="Scope"/> that is
/// merged only when every op passed, so a failed multi leaves no trace.
/// </summary>
internal sealed class OutstandingChanges
{
    private readonly Dictionary<string, ChangeRecord> _byPath = new(StringComparer.Ordinal);

    public int Count => _byPath.Count;

    public bool Contains(string path) => _byPath.ContainsKey(path);

    public ChangeRecord? Find(string path) => _byPath.GetValueOrDefault(path);

    public void Add(ChangeRecord record) => _byPath[record.Path] = record;

    public IEnumerable<ChangeRecord> All => _byPath.Values;

    /// <summary>Forgets records whose txn is applied; later records for the same path stay.</summary>
    public void Applied(long zxid)
    {
        if (_byPath.Count == 0)
        {
            return;
        }

        foreach (var path in _byPath.Where(p => p.Value.Zxid <= zxid).Select(p => p.Key).ToList())
        {
            _byPath.Remove(path);
        }
    }

    public void Clear() => _byPath.Clear();

    /// <summary>Tentative records layered over the outstanding ones.</summary>
    public sealed class Scope(OutstandingChanges parent)
    {
        private readonly Dictionary<string, ChangeRecord> _local = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public ChangeRecord? Find(string path) => _local.GetValueOrDefault(path) ?? parent.Find(path);

        /// <summary>Outstanding records with this scope's tentative ones in front.</summary>
        public IEnumerable<ChangeRecord> All => _local.Values.Concat(parent.All.Where(r => !_local.ContainsKey(r.Path)));

        public void Add(ChangeRecord record)
        {
            if (!_local.ContainsKey(record.Path))
            {
                _order.Add(record.Path);
            }

            _local[record.Path] = record;
        }

        public void Commit()
        {
            foreach (string path in _order)
            {
                parent.Add(_local[path]);
            }
        }
    }
}
