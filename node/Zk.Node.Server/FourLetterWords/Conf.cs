using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>conf: the effective configuration as key=value lines, in ZooKeeper's order.</summary>
internal sealed class Conf : IFourLetterWord
{
    public string Name => "conf";

    public string Execute(FourLetterContext context)
    {
        var c = context.Config;
        var text = new StringBuilder();
        void Line(string key, object value) => text.Append(key).Append('=').Append(FormattableString.Invariant($"{value}")).Append('\n');
        Line("clientPort", c.ClientPort);
        Line("secureClientPort", -1);
        Line("dataDir", Path.Combine(c.DataDir, "version-2"));
        Line("dataDirSize", DirectorySize.Of(c.DataDir));
        Line("dataLogDir", Path.Combine(c.DataLogDir, "version-2"));
        Line("dataLogSize", DirectorySize.Of(c.DataLogDir));
        Line("tickTime", c.TickTimeMs);
        Line("maxClientCnxns", c.MaxClientCnxns);
        Line("minSessionTimeout", c.MinSessionTimeoutMs);
        Line("maxSessionTimeout", c.MaxSessionTimeoutMs);
        Line("clientPortListenBacklog", -1);
        Line("serverId", c.ServerId);
        if (c.Servers.Count > 0)
        {
            Line("initLimit", c.InitLimit);
            Line("syncLimit", c.SyncLimit);
            Line("electionAlg", 3);
            var self = c.Servers.FirstOrDefault(s => s.Id == c.ServerId);
            Line("electionPort", self?.ElectionPort ?? -1);
            Line("quorumPort", self?.QuorumPort ?? -1);
            Line("peerType", self?.IsObserver == true ? 1 : 0);
            text.Append("membership: \n");
            foreach (var s in c.Servers)
            {
                text.Append(FormattableString.Invariant($"server.{s.Id}={s.Host}:{s.QuorumPort}:{s.ElectionPort}:{(s.IsObserver ? "observer" : "participant")};{s.ClientAddress?.ToString() ?? "0.0.0.0"}:{s.ClientPort ?? c.ClientPort}\n"));
            }
        }

        return text.ToString();
    }
}
