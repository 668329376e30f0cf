namespace Zk.Node.Server.Tests.Support;

/// <summary>Where the programs under test and the reference programs live.</summary>
internal static class Binaries
{
    /// <summary>The published zknode (`make build` writes out/zknode/zknode; ZKNODE_BIN overrides).</summary>
    public static string ZkNode =>
        Environment.GetEnvironmentVariable("ZKNODE_BIN") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(RepositoryRoot, "out", "zknode", "zknode");

    public const string Python = "/usr/bin/python3";

    public const string CClient = "/usr/lib/zookeeper/bin/cli_mt";

    public const string JavaCli = "/usr/share/zookeeper/bin/zkCli.sh";

    public const string ApacheZooKeeperClassPath = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/*";

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZkOperator.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }

    public static string Script(string name) => Path.Combine(RepositoryRoot, "tests", "Zk.Node.Server.Tests", "Interop", "scripts", name);
}
