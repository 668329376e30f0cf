using System.Globalization;
using System.Text;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// Renders the static zoo.cfg and the dynamic membership file. The static part depends only on the
/// spec, so its hash rolls the members when the user changes configuration, while membership changes
/// (reconfig) never restart anyone.
/// <code>
/// zoo.cfg:           tickTime=2000 ... dynamicConfigFile=/data/conf/zoo.cfg.dynamic, then user keys
/// zoo.cfg.dynamic:   server.1=NAME-0.NAME-hs.NS.svc.cluster.local:2888:3888:participant;0.0.0.0:2181
/// </code>
/// </summary>
public static class ZooCfg
{
    public const int ClientPort = 2181;
    public const string DataDir = "/data";
    public const string ConfigMountPath = "/conf";

    /// <summary>The config is copied here at start: ZooKeeper rewrites its dynamic file on reconfig, the ConfigMap is read-only.</summary>
    public const string RuntimeConfigDir = DataDir + "/conf";
    public const string StaticFileName = "zoo.cfg";
    public const string DynamicFileName = "zoo.cfg.dynamic";
    public const string FourLetterWordsKey = "4lw.commands.whitelist";

    /// <summary>The super user's digest; the operator owns it (its reconfigs authenticate as super).</summary>
    public const string SuperDigestKey = "DigestAuthenticationProvider.superDigest";

    /// <summary>The four-letter words the operator and the probes use; users may add more, not remove these.</summary>
    public static IReadOnlyList<string> RequiredFourLetterWords { get; } = ["conf", "isro", "mntr", "ruok", "srvr"];

    /// <summary>Defaults a user may override, in the order they are written.</summary>
    private static readonly (string Key, string Value)[] Tunables =
    [
        ("tickTime", "2000"),
        ("initLimit", "10"),
        ("syncLimit", "5"),
    ];

    /// <summary>Owned by the operator; <see cref="Resources.ConfigPolicy"/> rejects overrides of these.</summary>
    private static readonly (string Key, string Value)[] Owned =
    [
        ("dataDir", DataDir),
        ("clientPort", ClientPort.ToString(CultureInfo.InvariantCulture)),
        ("reconfigEnabled", "true"),
        ("standaloneEnabled", "false"),
        ("quorumListenOnAllIPs", "true"),
        ("dynamicConfigFile", RuntimeConfigDir + "/" + DynamicFileName),
    ];

    /// <summary>The static zoo.cfg; <paramref name="overrides"/> must already be validated.</summary>
    public static string RenderStatic(IReadOnlyDictionary<string, string>? overrides)
    {
        overrides ??= new Dictionary<string, string>();
        var text = new StringBuilder();
        text.Append("# Rendered by zk-operator. Membership is in ").Append(DynamicFileName).Append(" and changes only through reconfig.\n");
        foreach (var (key, value) in Tunables)
        {
            Line(text, key, overrides.TryGetValue(key, out string? custom) ? custom : value);
        }

        foreach (var (key, value) in Owned)
        {
            Line(text, key, value);
        }

        Line(text, FourLetterWordsKey, FourLetterWords(overrides.GetValueOrDefault(FourLetterWordsKey)));

        var rest = overrides.Keys
            .Where(k => k != FourLetterWordsKey && !Tunables.Any(t => t.Key == k))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (rest.Count > 0)
        {
            text.Append("# From spec.config\n");
            foreach (string key in rest)
            {
                Line(text, key, overrides[key]);
            }
        }

        return text.ToString();
    }

    /// <summary>The dynamic configuration file: one server line per member, ordered by id.</summary>
    public static string RenderDynamic(IEnumerable<ServerEntry> membership)
    {
        var text = new StringBuilder();
        foreach (var server in membership.OrderBy(s => s.Id))
        {
            text.Append(server.ToConfigLine()).Append('\n');
        }

        return text.ToString();
    }

    private static string FourLetterWords(string? custom)
    {
        var words = new SortedSet<string>(RequiredFourLetterWords, StringComparer.Ordinal);
        foreach (string word in (custom ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word == "*")
            {
                return "*";
            }

            words.Add(word);
        }

        return string.Join(',', words);
    }

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
}
