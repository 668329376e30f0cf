using System.Globalization;
using System.Text;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Runtime;

/// <summary>
/// Adapts the zoo.cfg the Core renders for Kubernetes to a member on 127.0.0.1: its own data folder,
/// client port and dynamic file, loopback server lines, and no AdminServer (every member would want 8080).
/// Everything else, user overrides included, stays exactly as rendered.
/// </summary>
public static class LocalConfig
{
    private static readonly HashSet<string> Replaced = new(StringComparer.Ordinal)
    {
        "dataDir", "dataLogDir", "clientPort", "clientPortAddress", "dynamicConfigFile", "admin.enableServer", "admin.serverPort",
        "DigestAuthenticationProvider.superDigest",
    };

    /// <summary>
    /// The super user's password of local members: reconfig needs super (WRITE on /zookeeper/config). Local
    /// members listen on loopback only, so a fixed, documented password is acceptable here.
    /// </summary>
    public const string SuperPassword = "zk-operator-local";

    /// <summary>ZooKeeper's superDigest for <see cref="SuperPassword"/>: super:base64(sha1("super:password")).</summary>
    public static string SuperDigest => AdminSecretBuilder.Digest(SuperPassword);

    public static string RenderStatic(string rendered, string memberDirectory, LocalPorts ports)
    {
        var text = new StringBuilder();
        foreach (string line in rendered.Split('\n'))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || (eq > 0 && !line.StartsWith('#') && Replaced.Contains(line[..eq].Trim())))
            {
                continue;
            }

            text.Append(line).Append('\n');
        }

        text.Append("# Local member (zk-operator local)\n");
        text.Append("dataDir=").Append(DataDirectoryOf(memberDirectory)).Append('\n');
        text.Append("clientPort=").Append(ports.Client.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("clientPortAddress=127.0.0.1\n");
        text.Append("dynamicConfigFile=").Append(DynamicFileOf(memberDirectory)).Append('\n');
        text.Append("admin.enableServer=false\n");
        text.Append("DigestAuthenticationProvider.superDigest=").Append(SuperDigest).Append('\n');
        return text.ToString();
    }

    /// <summary>The membership file with every server moved to its loopback ports.</summary>
    public static string RenderDynamic(string rendered, int basePort)
    {
        var text = new StringBuilder();
        foreach (string line in rendered.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ServerEntry.TryParse(line) is { } server)
            {
                text.Append(Loopback(server, basePort).ToConfigLine()).Append('\n');
            }
            else
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    public static ServerEntry Loopback(ServerEntry server, int basePort)
    {
        var ports = LocalPorts.For(basePort, server.Id);
        return server with
        {
            Host = "127.0.0.1",
            QuorumPort = ports.Quorum,
            ElectionPort = ports.Election,
            ClientAddress = "127.0.0.1:" + ports.Client.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static string DataDirectoryOf(string memberDirectory) => Path.Combine(memberDirectory, "data");

    public static string StaticFileOf(string memberDirectory) => Path.Combine(memberDirectory, "zoo.cfg");

    public static string DynamicFileOf(string memberDirectory) => Path.Combine(memberDirectory, "zoo.cfg.dynamic");
}
