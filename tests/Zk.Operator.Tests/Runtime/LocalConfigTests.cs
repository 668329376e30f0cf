using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Runtime;

public sealed class LocalConfigTests
{
    private static readonly EnsembleNames Names = new("zk", "ns");

    [Fact]
    public void The_static_file_keeps_user_keys_and_moves_paths_and_ports_to_the_member()
    {
        string rendered = ZooCfg.RenderStatic(new Dictionary<string, string> { ["tickTime"] = "500", ["maxClientCnxns"] = "7" });
        var ports = LocalPorts.For(30000, 2);

        var lines = LocalConfig.RenderStatic(rendered, "/tmp/m", ports).Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).ToList();
        var values = lines.ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(lines.Count, values.Count);
        Assert.Equal("500", values["tickTime"]);
        Assert.Equal("7", values["maxClientCnxns"]);
        Assert.Equal(Path.Combine("/tmp/m", "data"), values["dataDir"]);
        Assert.Equal("30001", values["clientPort"]);
        Assert.Equal("127.0.0.1", values["clientPortAddress"]);
        Assert.Equal(Path.Combine("/tmp/m", "zoo.cfg.dynamic"), values["dynamicConfigFile"]);
        Assert.Equal("false", values["admin.enableServer"]);
        Assert.Equal("true", values["reconfigEnabled"]);
    }

    [Fact]
    public void The_dynamic_file_puts_every_server_on_its_own_loopback_ports()
    {
        var layout = EnsembleLayout.Initial(Names, 3, 1);

        var servers = LocalConfig.RenderDynamic(ZooCfg.RenderDynamic(layout.Membership), 30000)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => ServerEntry.TryParse(l)!)
            .ToList();

        Assert.Equal([1, 2, 3, 100], servers.Select(s => s.Id));
        Assert.All(servers, s => Assert.Equal("127.0.0.1", s.Host));
        var ports = servers.SelectMany(s => new[] { s.QuorumPort, s.ElectionPort, int.Parse(s.ClientAddress!.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal(ServerRole.Observer, servers[^1].Role);
    }

    [Fact]
    public void Ports_of_all_possible_members_never_collide()
    {
        var ids = Enumerable.Range(0, 9).Select(EnsembleNames.VoterId).Concat(Enumerable.Range(0, 32).Select(EnsembleNames.ObserverId));

        var ports = ids.Select(id => LocalPorts.For(2181, id)).SelectMany(p => new[] { p.Client, p.Quorum, p.Election }).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Theory]
    [InlineData("zk-0", 1)]
    [InlineData("zk-4", 5)]
    [InlineData("zk-observer-0", 100)]
    [InlineData("zk-observer-12", 112)]
    [InlineData("zk-config", null)]
    [InlineData("other-0", null)]
    public void Pod_names_map_to_server_ids(string pod, int? id)
    {
        Assert.Equal(id, KubernetesRuntime.IdOf(Names, pod));
    }
}
