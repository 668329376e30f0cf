using Zk.Node.Core.Tree;

namespace Zk.Node.Core.Tests.Tree;

public sealed class EphemeralTypeTests
{
    [Theory]
    [InlineData(0L, EphemeralKind.Void)]
    [InlineData(0x0100000000000042L, EphemeralKind.Normal)]
    [InlineData(long.MinValue, EphemeralKind.Container)]
    [InlineData(unchecked((long)0xff00000000001388UL), EphemeralKind.Ttl)]
    [InlineData(unchecked((long)0xff000000000000ffUL), EphemeralKind.Ttl)]
    [InlineData(-2L, EphemeralKind.Normal)]
    public void Owner_values_decode_to_kinds(long owner, EphemeralKind kind) => Assert.Equal(kind, EphemeralType.Get(owner));

    [Fact]
    public void Ttl_encoding_matches_ZooKeeper_and_round_trips()
    {
        Assert.Equal(unchecked((long)0xff00000000001388UL), EphemeralType.TtlToOwner(5000));
        Assert.Equal(5000, EphemeralType.GetTtl(EphemeralType.TtlToOwner(5000)));
        Assert.Equal(EphemeralType.MaxTtlMs, EphemeralType.GetTtl(EphemeralType.TtlToOwner(EphemeralType.MaxTtlMs)));
        Assert.Equal(0, EphemeralType.GetTtl(0x42));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(0x10000000000L)]
    public void Ttls_outside_the_40_bit_range_are_rejected(long ttl)
    {
        Assert.False(EphemeralType.IsValidTtl(ttl));
        Assert.Throws<ArgumentOutOfRangeException>(() => EphemeralType.TtlToOwner(ttl));
    }

    [Fact]
    public void Reserved_bits_under_the_ff_byte_make_an_owner_malformed()
    {
        Assert.True(EphemeralType.IsMalformed(unchecked((long)0xff01000000000001UL)));
        Assert.False(EphemeralType.IsMalformed(EphemeralType.TtlToOwner(1)));
        Assert.False(EphemeralType.IsMalformed(EphemeralType.ContainerOwner));
        Assert.False(EphemeralType.IsMalformed(0x0100000000000042L));
    }
}
