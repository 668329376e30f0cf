using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tree;

/// <summary>Compares ACL lists element by element, in order, as Java's List.equals does for the ACL cache key.</summary>
internal sealed class AclListComparer : IEqualityComparer<IReadOnlyList<Acl>>
{
    public static readonly AclListComparer Instance = new();

    public bool Equals(IReadOnlyList<Acl>? x, IReadOnlyList<Acl>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (x[i] != y[i])
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(IReadOnlyList<Acl> obj)
    {
        var hash = default(HashCode);
        foreach (var acl in obj)
        {
            hash.Add(acl);
        }

        return hash.ToHashCode();
    }
}
