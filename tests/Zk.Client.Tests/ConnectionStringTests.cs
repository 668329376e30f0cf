namespace Zk.Client.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Hosts_ports_and_chroot_are_split()
    {
        var parsed = ConnectionString.Parse("zk-0:2181, zk-1:2182,[::1]:2183/app/x");

        Assert.Equal(["zk-0:2181", "zk-1:2182", "::1:2183"], parsed.Hosts.Select(h => $"{h.Host}:{h.Port}"));
        Assert.Equal("/app/x", parsed.Chroot);
    }

    [Fact]
    public void A_missing_port_defaults_to_2181_and_a_bare_slash_is_no_chroot()
    {
        var parsed = ConnectionString.Parse("localhost/");

        Assert.Equal(2181, Assert.Single(parsed.Hosts).Port);
        Assert.Null(parsed.Chroot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/only-chroot")]
    [InlineData("host:notaport")]
    [InlineData("host:70000")]
    [InlineData("host:2181/bad/")]
    [InlineData("[::1:2181")]
    public void Malformed_connect_strings_are_rejected(string connectString)
    {
        Assert.ThrowsAny<ArgumentException>(() => ConnectionString.Parse(connectString));
    }
}
