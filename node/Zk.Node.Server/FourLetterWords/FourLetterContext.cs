using Zk.Node.Core.Server;
using Zk.Node.Server.Config;
using Zk.Node.Server.Hosting;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>What a four-letter word may read. Only used on the core thread.</summary>
internal sealed class FourLetterContext(ServerCore core, ServerConfig config, CoreLoop loop, NodeInfo node)
{
    public ServerCore Core { get; } = core;

    public ServerConfig Config { get; } = config;

    public CoreLoop Loop { get; } = loop;

    public NodeInfo Node { get; } = node;

    public long NowMs => Loop.NowMs;

    /// <summary>"standalone", "leader", "follower", "observer" or "read-only".</summary>
    public string Mode => Node.Mode;

    public string VersionLine => $"{Node.Version}, built on {Node.BuildDate}";
}
