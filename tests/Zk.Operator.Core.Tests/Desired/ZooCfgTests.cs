using Zk.Operator.Core.Desired;

namespace Zk.Operator.Core.Tests.Desired;

public sealed class ZooCfgTests
{
    private static Dictionary<string, string> Parse(string cfg) =>
        cfg.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public void Operator_owned_settings_enable_dynamic_reconfiguration_without_standalone_mode()
    {
        var cfg = Parse(ZooCfg.RenderStatic(null));
        Assert.Equal("/data", cfg["dataDir"]);
        Assert.Equal("2181", cfg["clientPort"]);
        Assert.Equal("true", cfg["reconfigEnabled"]);
        Assert.Equal("false", cfg["standaloneEnabled"]);
        Assert.Equal("/data/conf/zoo.cfg.dynamic", cfg["dynamicConfigFile"]);
        Assert.All(["tickTime", "initLimit", "syncLimit"], k => Assert.True(cfg.ContainsKey(k), k));
    }

    [Fact]
    public void Four_letter_words_the_operator_needs_are_always_whitelisted()
    {
        var words = Parse(ZooCfg.RenderStatic(null))["4lw.commands.whitelist"].Split(',');
        Assert.All(ZooCfg.RequiredFourLetterWords, w => Assert.Contains(w, words));

        var extended = Parse(ZooCfg.RenderStatic(new Dictionary<string, string> { ["4lw.commands.whitelist"] = "stat, srvr" }))["4lw.commands.whitelist"].Split(',');
        Assert.Contains("stat", extended);
        Assert.All(ZooCfg.RequiredFourLetterWords, w => Assert.Contains(w, extended));
        Assert.Equal(extended.Length, extended.Distinct().Count());
    }

    [Fact]
    public void Overrides_replace_defaults_in_place_and_add_new_keys_once()
    {
        string text = ZooCfg.RenderStatic(new Dictionary<string, string> { ["tickTime"] = "3000", ["maxClientCnxns"] = "7" });
        Assert.Single(text.Split('\n'), l => l.StartsWith("tickTime=", StringComparison.Ordinal));
        var cfg = Parse(text);
        Assert.Equal("3000", cfg["tickTime"]);
        Assert.Equal("7", cfg["maxClientCnxns"]);
    }

    [Fact]
    public void Dynamic_file_orders_members_by_id()
    {
        var names = new EnsembleNames("zk", "ns");
        string text = ZooCfg.RenderDynamic([names.Server(100), names.Server(2), names.Server(1)]);
        Assert.Equal(["server.1", "server.2", "server.100"], text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]));
    }
}
