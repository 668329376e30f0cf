using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Data;

public sealed class StatTests
{
    [Fact]
    public void A_stat_is_68_bytes_in_jute_field_order()
    {
        byte[] expected = Codec.Hex(
            "0000000100000001" + // czxid
            "0000000100000002" + // mzxid
            "0000018bcfe56801" + // ctime
            "0000018bcfe56802" + // mtime
            "00000003" +         // version
            "00000004" +         // cversion
            "00000005" +         // aversion
            "0100018bcfe56800" + // ephemeralOwner
            "00000006" +         // dataLength
            "00000007" +         // numChildren
            "0000000100000008"); // pzxid
        var stat = new Stat(0x0000000100000001, 0x0000000100000002, 0x0000018bcfe56801, 0x0000018bcfe56802, 3, 4, 5, 0x0100018bcfe56800, 6, 7, 0x0000000100000008);

        Assert.Equal(Stat.WireSize, expected.Length);
        Assert.Equal(expected, Codec.Encode(stat));
        Assert.Equal(stat, Codec.Decode<Stat>(expected));
    }

    [Fact]
    public void Every_strict_prefix_of_a_stat_is_rejected() => RecordTable.AssertEveryStrictPrefixThrows(CodecCase.Of(Samples.Stat));

    [Fact]
    public void Acl_and_id_round_trip_and_reject_every_prefix()
    {
        var row = CodecCase.Of(new Acl(Perms.Read | Perms.Write, new Id("ip", "10.0.0.0/8")));

        RecordTable.AssertRoundTrips(row);
        RecordTable.AssertEveryStrictPrefixThrows(row);
        Assert.Equal(Codec.Hex("00000003 00000002 6970 0000000a 31302e302e302e302f38"), row.Encoded);
    }

    [Fact]
    public void Client_info_round_trips()
    {
        var info = new ClientInfo("digest", "user");

        Assert.Equal(Codec.Hex("00000006 646967657374 00000004 75736572"), Codec.Encode(info));
        Assert.Equal(info, Codec.Decode<ClientInfo>(Codec.Encode(info)));
    }

    [Fact]
    public void A_null_id_string_reads_as_empty_rather_than_failing()
    {
        var id = Codec.Decode<Id>(Codec.Hex("00000005 7375706572 ffffffff"));

        Assert.Equal(new Id("super", ""), id);
    }

    [Fact]
    public void An_acl_vector_longer_than_its_input_is_rejected_before_allocating()
    {
        // 0x7fffffff ACLs announced, 12 bytes follow.
        byte[] wire = Codec.Hex("7fffffff 0000001f 00000005 776f726c64 00000006 616e796f6e65");

        var error = Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(wire);
            reader.ReadVector<Acl>(minElementBytes: 12);
        });
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }
}
