namespace Zk.Client.Tests.Support;

/// <summary>A running server the recipe tests are repeated against (Apache ZooKeeper 3.8 or zknode).</summary>
public interface IZooKeeperServer
{
    string ConnectString { get; }

    int Port { get; }

    /// <summary>A fresh, unique path (not yet created) for one test.</summary>
    string UniqueRoot(string name);
}
