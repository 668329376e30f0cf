using System.Globalization;
using System.Net;

namespace Zk.Node.Server.Config;

/// <summary>
/// The typed, validated zoo.cfg. Defaults are Apache ZooKeeper 3.8's. Keys ZooKeeper would turn into
/// <c>zookeeper.*</c> system properties are accepted with or without that prefix.
/// </summary>
public sealed record ServerConfig
{
    public required string DataDir { get; init; }
    public required string DataLogDir { get; init; }
    public long ServerId { get; init; }
    public int TickTimeMs { get; init; } = 2000;
    public int InitLimit { get; init; } = 10;
    public int SyncLimit { get; init; } = 5;
    public int ClientPort { get; init; }
    public IPAddress ClientPortAddress { get; init; } = IPAddress.Any;
    public int MaxClientCnxns { get; init; } = 60;

    /// <summary>maxCnxns: client connections in total (four-letter words included); 0 means no limit, as in ZooKeeper.</summary>
    public int MaxCnxns { get; init; }

    /// <summary>
    /// nio.sessionlessCnxnTimeout (ZooKeeper's <c>zookeeper.nio.sessionlessCnxnTimeout</c>): a client connection that has
    /// not sent its ConnectRequest (or a four-letter word) within this time is closed.
    /// </summary>
    public int SessionlessCnxnTimeoutMs { get; init; } = 10_000;

    /// <summary>
    /// clientMaxQueuedOutputBytes (zknode's own): reply bytes a connection may have queued and unsent before zknode stops
    /// reading its requests until the client has read them. One reply larger than this is still sent whole.
    /// </summary>
    public int ClientMaxQueuedOutputBytes { get; init; } = 4 * 1024 * 1024;
    public int MinSessionTimeoutMs { get; init; }
    public int MaxSessionTimeoutMs { get; init; }
    public IReadOnlySet<string> FourLetterWordWhitelist { get; init; } = new HashSet<string> { "srvr" };
    public bool AdminEnabled { get; init; } = true;
    public IPAddress AdminAddress { get; init; } = IPAddress.Any;
    public int AdminPort { get; init; } = 8080;
    public int MetricsPort { get; init; }

    /// <summary>metricsProvider.httpHost: the address the Prometheus endpoint binds (ZooKeeper's default 0.0.0.0).</summary>
    public IPAddress MetricsAddress { get; init; } = IPAddress.Any;

    /// <summary>skipACL=yes (zookeeper.skipACL): every ACL check passes, as ZooKeeper does; anything but yes/no is refused.</summary>
    public bool SkipAcl { get; init; }
    public int SnapCount { get; init; } = 100_000;
    public int PreAllocSizeKb { get; init; } = 65536;
    public bool ForceSync { get; init; } = true;
    public int SnapRetainCount { get; init; } = 3;
    public int PurgeIntervalHours { get; init; }
    public int JuteMaxBuffer { get; init; } = 0xfffff;
    public int GlobalOutstandingLimit { get; init; } = 1000;

    /// <summary>maxWatchesPerConnection (zknode only): watches one connection may hold, 0 for no limit (see CoreOptions).</summary>
    public int MaxWatchesPerConnection { get; init; } = 100_000;
    public string? SuperDigest { get; init; }
    public bool ExtendedTypesEnabled { get; init; }
    public int ContainerCheckIntervalMs { get; init; } = 60_000;
    public bool ReadOnlyModeEnabled { get; init; }
    public bool ReconfigEnabled { get; init; }
    public bool StandaloneEnabled { get; init; } = true;
    public string? DynamicConfigFile { get; init; }
    public IReadOnlyList<QuorumServer> Servers { get; init; } = [];

    /// <summary>quorumListenOnAllIPs: bind the quorum and election ports on every interface, not the server.N host.</summary>
    public bool QuorumListenOnAllIps { get; init; }

    /// <summary>electionPortBindRetry: attempts after a failed election port bind, one second apart; 0 retries forever.</summary>
    public int ElectionPortBindRetry { get; init; } = 3;

    /// <summary>cnxTimeout: how long one election or quorum connect may take.</summary>
    public int CnxTimeoutMs { get; init; } = 5000;

    /// <summary>
    /// Runs as an ensemble member (QuorumPeerConfig.isDistributed): there are server.N lines and either more than one
    /// voter or standaloneEnabled=false.
    /// </summary>
    public bool IsEnsemble => Servers.Count > 0 && (!StandaloneEnabled || Servers.Count(s => !s.IsObserver) > 1);

    /// <summary>Keys this server understands (unknown keys are logged, not fatal).</summary>
    public static readonly IReadOnlySet<string> KnownKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "tickTime", "initLimit", "syncLimit", "dataDir", "dataLogDir", "clientPort", "clientPortAddress",
        "secureClientPort", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout", "4lw.commands.whitelist",
        "admin.serverPort", "admin.enableServer", "admin.serverAddress", "snapCount", "preAllocSize", "forceSync",
        "autopurge.snapRetainCount", "autopurge.purgeInterval", "jute.maxbuffer", "globalOutstandingLimit",
        "DigestAuthenticationProvider.superDigest", "extendedTypesEnabled", "znode.container.checkIntervalMs",
        "readonlymode.enabled", "reconfigEnabled", "standaloneEnabled", "dynamicConfigFile", "peerType",
        "quorumListenOnAllIPs", "electionPortBindRetry", "metricsProvider.httpPort", "metricsProvider.className",
        "metricsProvider.httpHost", "electionAlg", "clientPortListenBacklog", "admin.idleTimeout",
        "admin.commandURL", "skipACL", "syncEnabled", "maxCnxns", "cnxTimeout", "maxWatchesPerConnection",
        "sslQuorum", "quorum.auth.enableSasl", "quorum.auth.learnerRequireSasl", "quorum.auth.serverRequireSasl",
        "nio.sessionlessCnxnTimeout", "clientMaxQueuedOutputBytes",
    };

    private static bool IsHierarchical(string key) =>
        key.StartsWith("group.", StringComparison.Ordinal) || key.StartsWith("weight.", StringComparison.Ordinal);

    /// <summary>
    /// Running a hierarchical ensemble with majority quorums would count other quorums than the ones configured:
    /// refused rather than ignored.
    /// </summary>
    private static ConfigException Hierarchical(string key) =>
        new(key, "hierarchical quorums (group.N / weight.N) are not supported by zknode; use majority quorums");

    /// <summary>
    /// Builds the configuration; <paramref name="unknownKey"/> is told of keys it does not know, <paramref name="noEffect"/>
    /// (key, why) of ZooKeeper keys it accepts without their effect (<see cref="KeysWithoutEffect"/>).
    /// </summary>
    public static ServerConfig From(ZooCfgFile file, Action<string> unknownKey, Func<string, string?>? readFile = null, Action<string, string>? noEffect = null)
    {
        readFile ??= path => File.Exists(path) ? File.ReadAllText(path) : null;
        string dataDir = Required(file, "dataDir");
        int tick = Int(file, "tickTime", 2000, min: 1);
        var servers = new List<QuorumServer>();
        foreach (string key in file.Keys)
        {
            string bare = Bare(key);
            if (bare.StartsWith("server.", StringComparison.Ordinal))
            {
                servers.Add(QuorumServer.Parse(key, file.Get(key)!));
            }
            else if (IsHierarchical(bare))
            {
                throw Hierarchical(key);
            }
            else if (!KnownKeys.Contains(bare))
            {
                unknownKey(key);
            }
        }

        string? dynamicFile = file.Get("dynamicConfigFile");
        if (dynamicFile is not null)
        {
            string text = readFile(dynamicFile) ?? throw new ConfigException("dynamicConfigFile", $"cannot read '{dynamicFile}'");
            var dynamic = ZooCfgFile.Parse(text);
            foreach (string key in dynamic.Keys)
            {
                if (key.StartsWith("server.", StringComparison.Ordinal))
                {
                    servers.RemoveAll(s => s.Key == key);
                    servers.Add(QuorumServer.Parse(key, dynamic.Get(key)!));
                }
                else if (IsHierarchical(key))
                {
                    throw Hierarchical(key);
                }
            }
        }

        long serverId = 0;
        string? myid = readFile(Path.Combine(dataDir, "myid"));
        if (myid is not null)
        {
            if (!long.TryParse(myid.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out serverId) || serverId is < 0 or > 255)
            {
                throw new ConfigException("myid", $"'{myid.Trim()}' in {Path.Combine(dataDir, "myid")} is not a server id from 0 to 255");
            }
        }
        else if (servers.Count > 0)
        {
            throw new ConfigException("myid", $"{Path.Combine(dataDir, "myid")} is missing; every ensemble member needs one");
        }

        int clientPort = Int(file, "clientPort", 0, min: 0, max: 65535);
        var self = servers.FirstOrDefault(s => s.Id == serverId);
        if (clientPort == 0 && self?.ClientPort is int fromServerLine)
        {
            clientPort = fromServerLine;
        }

        if (clientPort == 0)
        {
            throw new ConfigException("clientPort", "is required (or a client port on this server's server.N line)");
        }

        RefuseWhatZknodeCannotDo(file);
        KeysWithoutEffect.Report(file, self, noEffect ?? ((_, _) => { }));
        int minTimeout = Int(file, "minSessionTimeout", 2 * tick, min: 1);
        int maxTimeout = Int(file, "maxSessionTimeout", 20 * tick, min: 1);
        if (minTimeout > maxTimeout)
        {
            throw new ConfigException("minSessionTimeout", $"{minTimeout} is larger than maxSessionTimeout {maxTimeout}");
        }

        return new ServerConfig
        {
            DataDir = dataDir,
            DataLogDir = file.Get("dataLogDir") is { Length: > 0 } logDir ? logDir : dataDir,
            ServerId = serverId,
            TickTimeMs = tick,
            InitLimit = Int(file, "initLimit", 10, min: 1),
            SyncLimit = Int(file, "syncLimit", 5, min: 1),
            ClientPort = clientPort,
            ClientPortAddress = Address(file, "clientPortAddress", self?.ClientAddress ?? IPAddress.Any),
            MaxClientCnxns = Int(file, "maxClientCnxns", 60, min: 0),
            MaxCnxns = Int(file, "maxCnxns", 0, min: 0),
            SessionlessCnxnTimeoutMs = Int(file, "nio.sessionlessCnxnTimeout", 10_000, min: 1),
            ClientMaxQueuedOutputBytes = Int(file, "clientMaxQueuedOutputBytes", 4 * 1024 * 1024, min: 1024),
            MinSessionTimeoutMs = minTimeout,
            MaxSessionTimeoutMs = maxTimeout,
            FourLetterWordWhitelist = Whitelist(file),
            AdminEnabled = Bool(file, "admin.enableServer", true),
            AdminAddress = Address(file, "admin.serverAddress", IPAddress.Any),
            AdminPort = Int(file, "admin.serverPort", 8080, min: 0, max: 65535),
            MetricsPort = Int(file, "metricsProvider.httpPort", 0, min: 0, max: 65535),
            MetricsAddress = Address(file, "metricsProvider.httpHost", IPAddress.Any),
            SkipAcl = SkipAclValue(file),
            SnapCount = Int(file, "snapCount", 100_000, min: 2),
            PreAllocSizeKb = Int(file, "preAllocSize", 65536, min: 1),
            ForceSync = Bool(file, "forceSync", true),
            SnapRetainCount = Math.Max(3, Int(file, "autopurge.snapRetainCount", 3, min: 0)),
            PurgeIntervalHours = Int(file, "autopurge.purgeInterval", 0, min: 0),
            JuteMaxBuffer = Int(file, "jute.maxbuffer", 0xfffff, min: 1024),
            GlobalOutstandingLimit = Int(file, "globalOutstandingLimit", 1000, min: 1),
            MaxWatchesPerConnection = Int(file, "maxWatchesPerConnection", 100_000, min: 0),
            SuperDigest = SuperDigestValue(file),
            ExtendedTypesEnabled = Bool(file, "extendedTypesEnabled", false),
            ContainerCheckIntervalMs = Int(file, "znode.container.checkIntervalMs", 60_000, min: 1),
            ReadOnlyModeEnabled = Bool(file, "readonlymode.enabled", false),
            ReconfigEnabled = Bool(file, "reconfigEnabled", false),
            StandaloneEnabled = Bool(file, "standaloneEnabled", true),
            DynamicConfigFile = dynamicFile,
            Servers = servers,
            QuorumListenOnAllIps = Bool(file, "quorumListenOnAllIPs", false),
            ElectionPortBindRetry = Int(file, "electionPortBindRetry", 3, min: 0),
            CnxTimeoutMs = Int(file, "cnxTimeout", 5000, min: 1),
        };
    }

    /// <summary>
    /// Keys whose setting zknode cannot honour and whose silent absence would mislead: a client port or quorum traffic
    /// believed to be protected by TLS or SASL, an election algorithm ZooKeeper 3.8 itself no longer has.
    /// </summary>
    private static void RefuseWhatZknodeCannotDo(ZooCfgFile file)
    {
        if (Lookup(file, "secureClientPort") is { } secure)
        {
            throw new ConfigException("secureClientPort", $"'{secure}': zknode has no TLS; clients would be served in plain text. Remove the key (terminate TLS in front of zknode if needed)");
        }

        foreach (string key in new[] { "sslQuorum", "quorum.auth.enableSasl", "quorum.auth.learnerRequireSasl", "quorum.auth.serverRequireSasl" })
        {
            if (Lookup(file, key) is { } value && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigException(key, $"'{value}': zknode's quorum and election traffic has neither TLS nor SASL; members would talk unprotected");
            }
        }

        if (Lookup(file, "electionAlg") is { } algorithm && algorithm != "3")
        {
            throw new ConfigException("electionAlg", $"'{algorithm}': only 3 (FastLeaderElection) exists, as in ZooKeeper 3.8");
        }
    }

    /// <summary>ZooKeeper skips ACL checks only for the exact value "yes"; other values would silently keep them on.</summary>
    private static bool SkipAclValue(ZooCfgFile file) => Lookup(file, "skipACL") switch
    {
        null or "no" => false,
        "yes" => true,
        var other => throw new ConfigException("skipACL", $"'{other}' is not yes or no (ZooKeeper skips ACL checks only for yes)"),
    };

    private static string Bare(string key) => key.StartsWith("zookeeper.", StringComparison.Ordinal) ? key["zookeeper.".Length..] : key;

    private static string? Lookup(ZooCfgFile file, string key) => file.Get(key) ?? file.Get("zookeeper." + key);

    private static string Required(ZooCfgFile file, string key) =>
        Lookup(file, key) is { Length: > 0 } value ? value : throw new ConfigException(key, "is required");

    private static int Int(ZooCfgFile file, string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        string? text = Lookup(file, key);
        if (text is null)
        {
            return fallback;
        }

        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!int.TryParse(hex ? text[2..] : text, hex ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw new ConfigException(key, $"'{text}' is not an integer");
        }

        if (value < min || value > max)
        {
            throw new ConfigException(key, $"{value} is outside {min}..{max}");
        }

        return value;
    }

    private static bool Bool(ZooCfgFile file, string key, bool fallback)
    {
        string? text = Lookup(file, key);
        return text?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw new ConfigException(key, $"'{text}' is not true/false/yes/no"),
        };
    }

    private static IPAddress Address(ZooCfgFile file, string key, IPAddress fallback)
    {
        string? text = Lookup(file, key);
        if (text is null)
        {
            return fallback;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        if (text == "localhost")
        {
            return IPAddress.Loopback;
        }

        throw new ConfigException(key, $"'{text}' is not an IP address");
    }

    private static HashSet<string> Whitelist(ZooCfgFile file)
    {
        string? text = Lookup(file, "4lw.commands.whitelist");
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (text is null)
        {
            set.Add("srvr");
        }
        else
        {
            foreach (string word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (word != "*" && (word.Length != 4 || !word.All(char.IsAsciiLetterLower)))
                {
                    throw new ConfigException("4lw.commands.whitelist", $"'{word}' is not a four-letter word");
                }

                set.Add(word);
            }
        }

        if (Bool(file, "readonlymode.enabled", false))
        {
            set.Add("isro");
        }

        return set;
    }

    private static string? SuperDigestValue(ZooCfgFile file)
    {
        string? text = Lookup(file, "DigestAuthenticationProvider.superDigest");
        if (text is null)
        {
            return null;
        }

        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new ConfigException("DigestAuthenticationProvider.superDigest", "expected user:base64(sha1(user:password))");
        }

        return text;
    }
}
