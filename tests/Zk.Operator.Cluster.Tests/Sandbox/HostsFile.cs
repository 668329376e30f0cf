using System.Text;

namespace Zk.Operator.Cluster.Tests.Sandbox;

/// <summary>
/// The cluster's DNS as a hosts file: the sandbox's copy of /etc/hosts (bind-mounted over /etc/hosts, so the test
/// process resolves pod names) and every pod's /etc/hosts are the same file. It is rewritten in place (truncate
/// and write): a rename would leave the bind mounts on the old inode.
/// </summary>
internal sealed class HostsFile
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly string _base;
    private readonly SortedDictionary<string, (string Ip, string[] Names)> _entries = new(StringComparer.Ordinal);

    public HostsFile(string path)
    {
        _path = path;
        _base = File.ReadAllText(path);
    }

    public string Path => _path;

    /// <summary>Adds or replaces the names of one pod.</summary>
    public void Set(string key, string ip, params string[] names)
    {
        lock (_lock)
        {
            _entries[key] = (ip, names);
            Write();
        }
    }

    public void Remove(string key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key))
            {
                Write();
            }
        }
    }

    /// <summary>Puts the file back as the sandbox found it.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _entries.Clear();
            Write();
        }
    }

    private void Write()
    {
        var text = new StringBuilder(_base);
        if (!_base.EndsWith('\n'))
        {
            text.Append('\n');
        }

        foreach (var (ip, names) in _entries.Values)
        {
            text.Append(ip).Append('\t').AppendJoin(' ', names).Append('\n');
        }

        byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.SetLength(0);
        file.Write(bytes);
    }
}
