using System.Text.RegularExpressions;

namespace Zk.Node.Server.Config;

/// <summary>
/// Reads the DIGEST-MD5 users of a JAAS file's <c>Server</c> section, the way ZooKeeper operators keep them:
/// <c>Server { org.apache.zookeeper.server.auth.DigestLoginModule required user_bob="secret"; };</c>
/// </summary>
public static partial class JaasConfig
{
    public static IReadOnlyDictionary<string, string> ParseServerUsers(string text, string source)
    {
        var section = ServerSection().Match(text);
        if (!section.Success)
        {
            throw new ConfigException("jaas", $"{source} has no 'Server {{ ... }};' section");
        }

        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match user in UserEntry().Matches(section.Groups[1].Value))
        {
            users[user.Groups[1].Value] = user.Groups[2].Value;
        }

        if (users.Count == 0)
        {
            throw new ConfigException("jaas", $"{source}'s Server section defines no user_NAME=\"password\" entries");
        }

        return users;
    }

    [GeneratedRegex(@"(?m)^\s*Server\s*\{(.*?)\}\s*;", RegexOptions.Singleline)]
    private static partial Regex ServerSection();

    [GeneratedRegex("user_([A-Za-z0-9_.@-]+)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex UserEntry();
}
