namespace Zk.Node.Server.FourLetterWords;

internal static class DirectorySize
{
    /// <summary>Total bytes of the files under <c>version-2</c>, where ZooKeeper-style layouts keep snapshots and logs.</summary>
    public static long Of(string root)
    {
        string dir = Path.Combine(root, "version-2");
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        return new DirectoryInfo(dir).EnumerateFiles().Sum(f => f.Length);
    }
}
