using Zk.Node.Protocol.Jute;

namespace Zk.Node.Fuzz.Support;

/// <summary>The fuzz oracle itself: it must catch the defects the properties are there to find, or a green run means nothing.</summary>
public sealed class HostileInputContractTests
{
    [Fact]
    public void A_decoder_throwing_anything_but_JuteException_breaks_the_contract()
    {
        var e = Assert.Throws<HostileInputException>(() => HostileInput.Decodes([1, 2, 3], bytes => _ = bytes[bytes.Length + 1]));
        Assert.IsType<IndexOutOfRangeException>(e.InnerException);
        Assert.Contains("010203", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decoder_allocating_from_an_unchecked_length_breaks_the_contract()
    {
        var e = Assert.Throws<HostileInputException>(() => HostileInput.Decodes([0x7f, 0xff, 0xff, 0xff], bytes => _ = new byte[1 << 20]));
        Assert.Contains("allocated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JuteException_and_a_returned_value_keep_the_contract()
    {
        Assert.False(HostileInput.Decodes([1], bytes => throw new JuteException("truncated")));
        Assert.True(HostileInput.Decodes([0, 0, 0, 1], bytes =>
        {
            var reader = new JuteReader(bytes);
            Assert.Equal(1, reader.ReadInt());
        }));
    }
}
