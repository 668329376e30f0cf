using Zk.Node.Protocol.Client;

namespace Zk.Node.Protocol.Tests.Client;

public sealed class CreateFlagsTests
{
    // One row per CreateMode (§9.2): flags, ephemeral, sequential, container, ttl.
    [Theory]
    [InlineData(0, false, false, false, false)]
    [InlineData(1, true, false, false, false)]
    [InlineData(2, false, true, false, false)]
    [InlineData(3, true, true, false, false)]
    [InlineData(4, false, false, true, false)]
    [InlineData(5, false, false, false, true)]
    [InlineData(6, false, true, false, true)]
    public void Each_create_mode_has_the_documented_kind(int flags, bool ephemeral, bool sequential, bool container, bool ttl)
    {
        Assert.True(CreateFlags.IsValid(flags));
        Assert.Equal(ephemeral, CreateFlags.IsEphemeral(flags));
        Assert.Equal(sequential, CreateFlags.IsSequential(flags));
        Assert.Equal(container, CreateFlags.IsContainer(flags));
        Assert.Equal(ttl, CreateFlags.IsTtl(flags));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(int.MaxValue)]
    public void Values_outside_the_modes_are_invalid(int flags)
    {
        Assert.False(CreateFlags.IsValid(flags));
        Assert.False(CreateFlags.IsEphemeral(flags) || CreateFlags.IsSequential(flags) || CreateFlags.IsContainer(flags) || CreateFlags.IsTtl(flags));
    }
}
