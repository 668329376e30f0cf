using Zk.Node.Server.Config;

namespace Zk.Node.Server.Tests.Config;

public sealed class ServerConfigTests
{
    private static ServerConfig Parse(string text, List<string>? unknown = null, Dictionary<string, string>? files = null) =>
        ServerConfig.From(ZooCfgFile.Parse(text), key => unknown?.Add(key), path => files?.GetValueOrDefault(path));

    [Fact]
    public void Defaults_are_Apache_ZooKeepers()
    {
        var config = Parse("dataDir=/d\nclientPort=2181\n");
        Assert.Equal(2000, config.TickTimeMs);
        Assert.Equal(4000, config.MinSessionTimeoutMs);
        Assert.Equal(40000, config.MaxSessionTimeoutMs);
        Assert.Equal("/d", config.DataLogDir);
        Assert.Equal(100_000, config.SnapCount);
        Assert.Equal(65536, config.PreAllocSizeKb);
        Assert.Equal(0xfffff, config.JuteMaxBuffer);
        Assert.Equal(["srvr"], config.FourLetterWordWhitelist);
        Assert.True(config.ForceSync);
    }

    [Fact]
    public void Connection_limits_default_like_ZooKeeper_and_parse_with_its_names()
    {
        var defaults = Parse("dataDir=/d\nclientPort=2181\n");
        Assert.Equal(0, defaults.MaxCnxns);
        Assert.Equal(60, defaults.MaxClientCnxns);
        Assert.Equal(10_000, defaults.SessionlessCnxnTimeoutMs);
        Assert.Equal(4 * 1024 * 1024, defaults.ClientMaxQueuedOutputBytes);

        var unknown = new List<string>();
        var set = Parse("dataDir=/d\nclientPort=2181\nmaxCnxns=5\nzookeeper.nio.sessionlessCnxnTimeout=700\nclientMaxQueuedOutputBytes=65536\n", unknown);
        Assert.Equal(5, set.MaxCnxns);
        Assert.Equal(700, set.SessionlessCnxnTimeoutMs);
        Assert.Equal(65536, set.ClientMaxQueuedOutputBytes);
        Assert.Empty(unknown);
    }

    [Fact]
    public void Session_timeout_bounds_follow_tick_time()
    {
        var config = Parse("dataDir=/d\nclientPort=1\ntickTime=500\n");
        Assert.Equal(1000, config.MinSessionTimeoutMs);
        Assert.Equal(10000, config.MaxSessionTimeoutMs);
    }

    [Theory]
    [InlineData("tickTime=abc", "tickTime")]
    [InlineData("tickTime=0", "tickTime")]
    [InlineData("clientPort=70000", "clientPort")]
    [InlineData("maxCnxns=-1", "maxCnxns")]
    [InlineData("nio.sessionlessCnxnTimeout=0", "nio.sessionlessCnxnTimeout")]
    [InlineData("clientMaxQueuedOutputBytes=100", "clientMaxQueuedOutputBytes")]
    [InlineData("forceSync=maybe", "forceSync")]
    [InlineData("4lw.commands.whitelist=srvr,toolong", "4lw.commands.whitelist")]
    [InlineData("minSessionTimeout=50000", "minSessionTimeout")]
    [InlineData("clientPortAddress=not-an-ip", "clientPortAddress")]
    [InlineData("DigestAuthenticationProvider.superDigest=nocolon", "DigestAuthenticationProvider.superDigest")]
    [InlineData("server.x=h:1:2", "server.x")]
    [InlineData("server.1=h:1", "server.1")]
    [InlineData("server.1=h:1:2:voter", "server.1")]
    [InlineData("secureClientPort=2281", "secureClientPort")]
    [InlineData("electionAlg=1", "electionAlg")]
    [InlineData("sslQuorum=true", "sslQuorum")]
    [InlineData("quorum.auth.enableSasl=true", "quorum.auth.enableSasl")]
    [InlineData("quorum.auth.serverRequireSasl=true", "quorum.auth.serverRequireSasl")]
    [InlineData("skipACL=true", "skipACL")]
    [InlineData("metricsProvider.httpHost=not-an-ip", "metricsProvider.httpHost")]
    public void A_bad_value_stops_startup_with_a_message_naming_the_key(string line, string key)
    {
        var error = Assert.Throws<ConfigException>(() => Parse($"dataDir=/d\nclientPort=2181\n{line}\n", files: new() { ["/d/myid"] = "1" }));
        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_data_dir_is_named()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("clientPort=2181\n"));
        Assert.Equal("dataDir", error.Key);
    }

    [Fact]
    public void Unknown_keys_are_reported_not_fatal()
    {
        var unknown = new List<string>();
        Parse("dataDir=/d\nclientPort=1\nfancy.option=1\n# comment\n\nsnapCount=10\n", unknown);
        Assert.Equal(["fancy.option"], unknown);
    }

    [Fact]
    public void System_property_style_keys_are_accepted()
    {
        var config = Parse("dataDir=/d\nclientPort=1\nzookeeper.DigestAuthenticationProvider.superDigest=super:abc=\nzookeeper.extendedTypesEnabled=true\n");
        Assert.Equal("super:abc=", config.SuperDigest);
        Assert.True(config.ExtendedTypesEnabled);
    }

    [Fact]
    public void Server_lines_parse_roles_and_client_ports_and_myid_comes_from_the_data_dir()
    {
        var config = Parse(
            "dataDir=/d\nserver.1=zk-0.zk:2888:3888:participant;0.0.0.0:2181\nserver.2=zk-1.zk:2888:3888;2182\nserver.3=zk-2.zk:2888:3888:observer;127.0.0.1:2183\n",
            files: new() { ["/d/myid"] = "3\n" });
        Assert.Equal(3, config.ServerId);
        Assert.Equal(2183, config.ClientPort);
        Assert.Equal(System.Net.IPAddress.Loopback, config.ClientPortAddress);
        Assert.Equal([false, false, true], config.Servers.Select(s => s.IsObserver));
        Assert.Equal("zk-1.zk", config.Servers[1].Host);
        Assert.Equal(2182, config.Servers[1].ClientPort);
    }

    [Fact]
    public void An_ensemble_member_without_myid_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("dataDir=/d\nclientPort=1\nserver.1=a:1:2\n"));
        Assert.Equal("myid", error.Key);
    }

    [Theory]
    [InlineData("group.1=1:2:3")]
    [InlineData("weight.2=3")]
    public void Hierarchical_quorum_keys_are_refused_not_ignored(string line)
    {
        var error = Assert.Throws<ConfigException>(() => Parse($"dataDir=/d\nclientPort=1\n{line}\n"));
        Assert.Equal(line.Split('=')[0], error.Key);
        Assert.Contains("hierarchical", error.Message, StringComparison.Ordinal);
        var inDynamic = Assert.Throws<ConfigException>(() => Parse(
            "dataDir=/d\nclientPort=1\ndynamicConfigFile=/d/dyn\n",
            files: new() { ["/d/dyn"] = $"server.1=a:1:2\n{line}\n", ["/d/myid"] = "1" }));
        Assert.Equal(line.Split('=')[0], inDynamic.Key);
    }

    [Fact]
    public void Jaas_server_users_are_read()
    {
        var users = JaasConfig.ParseServerUsers("""
            Server {
                   org.apache.zookeeper.server.auth.DigestLoginModule required
                   user_super="adminsecret"
                   user_bob="bobsecret";
            };
            Client { user_x="y"; };
            """, "jaas.conf");
        Assert.Equal(new Dictionary<string, string> { ["super"] = "adminsecret", ["bob"] = "bobsecret" }, users);
    }

    [Fact]
    public void Jaas_without_a_server_section_is_refused()
    {
        Assert.Throws<ConfigException>(() => JaasConfig.ParseServerUsers("Client { user_a=\"b\"; };", "x"));
    }

    [Fact]
    public void Metrics_bind_the_configured_host_and_skipACL_yes_skips_acl_checks()
    {
        var config = Parse("dataDir=/d\nclientPort=1\nmetricsProvider.httpHost=127.0.0.2\nskipACL=yes\nelectionAlg=3\n");
        Assert.Equal(System.Net.IPAddress.Parse("127.0.0.2"), config.MetricsAddress);
        Assert.True(config.SkipAcl);
        var defaults = Parse("dataDir=/d\nclientPort=1\n");
        Assert.Equal(System.Net.IPAddress.Any, defaults.MetricsAddress);
        Assert.False(defaults.SkipAcl);
        Assert.False(Parse("dataDir=/d\nclientPort=1\nzookeeper.skipACL=no\n").SkipAcl);
    }

    [Fact]
    public void ZooKeeper_keys_without_effect_in_zknode_are_reported_by_name()
    {
        var reported = new List<string>();
        ServerConfig.From(
            ZooCfgFile.Parse("""
                dataDir=/d
                clientPort=1
                clientPortListenBacklog=10
                admin.idleTimeout=5000
                admin.commandURL=/cmds
                syncEnabled=false
                metricsProvider.className=org.example.OtherProvider
                peerType=observer
                server.1=a:1:2
                server.2=b:1:2
                """),
            _ => { },
            path => path == "/d/myid" ? "1" : null,
            (key, why) => reported.Add(key + ": " + why));

        Assert.Equal(
            ["clientPortListenBacklog", "admin.idleTimeout", "admin.commandURL", "syncEnabled", "metricsProvider.className", "peerType"],
            reported.Select(r => r[..r.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(reported, r => Assert.Contains("no effect", r, StringComparison.Ordinal));
    }

    [Fact]
    public void ZooKeeper_keys_set_to_what_zknode_does_anyway_are_not_reported()
    {
        var reported = new List<string>();
        ServerConfig.From(
            ZooCfgFile.Parse("""
                dataDir=/d
                clientPort=1
                admin.commandURL=/commands
                syncEnabled=true
                metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
                electionAlg=3
                """),
            reported.Add,
            noEffect: (key, _) => reported.Add(key));

        Assert.Empty(reported);
    }
}
