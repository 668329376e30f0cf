using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Client.Recipes;

/// <summary>
/// Apache Curator's znode conventions that the recipes share so that .NET and Java participants coordinate in one
/// tree: protected names (<c>_c_&lt;uuid&gt;-</c> before the recipe's name, ZKPaths.PROTECTED_PREFIX), ordering by the
/// sequence suffix after the recipe's name (StandardLockInternalsDriver.fixForSorting), parents created as containers
/// (creatingParentContainersIfNeeded).
/// </summary>
internal static class Curator
{
    public const string ProtectedPrefix = "_c_";

    /// <summary>A fresh protected prefix: <c>_c_</c>, a lowercase Java-style UUID, a dash.</summary>
    public static string NewProtectedPrefix() => $"{ProtectedPrefix}{Guid.NewGuid():D}-";

    /// <summary>The part after the last occurrence of the recipe's name, the sequence number Curator sorts by.</summary>
    public static string SortKey(string child, string recipeName)
    {
        int index = child.LastIndexOf(recipeName, StringComparison.Ordinal);
        return index >= 0 ? child[(index + recipeName.Length)..] : child;
    }

    /// <summary>Children ordered as Curator's LockInternals.getSortedChildren orders them.</summary>
    public static List<string> Sorted(IEnumerable<string> children, string recipeName)
    {
        var sorted = new List<string>(children);
        sorted.Sort((a, b) => string.CompareOrdinal(SortKey(a, recipeName), SortKey(b, recipeName)));
        return sorted;
    }

    /// <summary>
    /// Creates <c>parent/_c_&lt;uuid&gt;-recipeName</c> protected and ephemeral-sequential under parents created as containers. A
    /// connection lost mid-create is recovered as Curator's protected mode does: the node, if the server made it,
    /// is found among the children by its unique prefix instead of being created twice.
    /// </summary>
    public static async Task<string> CreateProtectedEphemeralSequentialAsync(ZkClient client, string parent, string recipeName, byte[]? data, CancellationToken cancellationToken)
    {
        string prefix = NewProtectedPrefix();
        string target = Join(parent, prefix + recipeName);
        bool mayExist = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (mayExist)
                {
                    string? found = (await client.GetChildrenAsync(parent)).FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal));
                    if (found is not null)
                    {
                        return Join(parent, found);
                    }

                    mayExist = false;
                }

                return await client.CreateAsync(target, data ?? [], Acl.OpenAclUnsafe, CreateMode.EphemeralSequential);
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.NoNode)
            {
                await EnsureContainersAsync(client, parent);
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.ConnectionLoss)
            {
                // The create may or may not have been applied; calls made now wait for the next connection.
                mayExist = true;
            }
        }
    }

    /// <summary>Creates every missing node of <paramref name="path"/> as a container (persistent where containers are unimplemented).</summary>
    public static async Task EnsureContainersAsync(ZkClient client, string path)
    {
        string current = "";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            await CreateContainerAsync(client, current);
        }
    }

    /// <summary>The path of <paramref name="child"/> under <paramref name="parent"/>.</summary>
    public static string Join(string parent, string child) => parent == "/" ? "/" + child : parent + "/" + child;

    /// <summary>The last segment of a path.</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static async Task CreateContainerAsync(ZkClient client, string path)
    {
        while (true)
        {
            try
            {
                await client.CreateAsync(path, [], Acl.OpenAclUnsafe, CreateMode.Container);
                return;
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.NodeExists)
            {
                return;
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.Unimplemented)
            {
                try
                {
                    await client.CreateAsync(path, [], Acl.OpenAclUnsafe, CreateMode.Persistent);
                }
                catch (KeeperException exists) when (exists.Code == KeeperErrorCode.NodeExists)
                {
                }

                return;
            }
            catch (KeeperException e) when (e.Code == KeeperErrorCode.ConnectionLoss)
            {
                // Retried on the next connection; NodeExists then tells that the first attempt was applied.
            }
        }
    }
}
