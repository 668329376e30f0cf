namespace Zk.Client.Tests;

public sealed class PathUtilTests
{
    [Theory]
    [InlineData(null, "/a", "/a")]
    [InlineData("/root", "/", "/root")]
    [InlineData("/root", "/a/b", "/root/a/b")]
    public void Client_paths_map_under_the_chroot(string? chroot, string clientPath, string serverPath)
    {
        Assert.Equal(serverPath, PathUtil.ToServer(chroot, clientPath));
        Assert.Equal(clientPath, PathUtil.ToClient(chroot, serverPath));
    }

    [Fact]
    public void Server_paths_outside_the_chroot_are_left_alone()
    {
        Assert.Equal("/rootless", PathUtil.ToClient("/root", "/rootless"));
        Assert.Equal("/zookeeper/config", PathUtil.ToClient("/root", "/zookeeper/config"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("/a/")]
    [InlineData("/a//b")]
    public void Invalid_paths_are_rejected_before_anything_is_sent(string path)
    {
        Assert.Throws<ArgumentException>(() => PathUtil.Validate(path));
    }
}
