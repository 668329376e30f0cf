using System.Text;
using Zk.Node.Storage.Checksums;

namespace Zk.Node.Storage.Tests.Checksums;

public sealed class Crc32CTests
{
    [Fact]
    public void The_standard_check_value_of_123456789_is_E3069283()
    {
        // The catalogue check value of CRC-32C (RFC 3720 / "CRC RevEng" CRC-32/ISCSI).
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Thirty_two_zero_bytes_match_the_rfc_3720_test_vector()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Streaming_in_any_split_equals_one_shot()
    {
        var data = new byte[1000];
        new Random(1).NextBytes(data);
        uint whole = Crc32C.Compute(data);
        for (int split = 0; split <= data.Length; split += 37)
        {
            uint state = Crc32C.Update(Crc32C.Update(Crc32C.Initial, data.AsSpan(0, split)), data.AsSpan(split));
            Assert.Equal(whole, Crc32C.Finish(state));
        }
    }
}
