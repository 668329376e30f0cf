using System.Buffers;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Protocol.Tests.Txn;

public sealed class TxnCodecTests
{
    private static TxnHeader Header(OpCode type) => new(ClientId: 0x0100018bcfe56800, Cxid: 42, Zxid: 0x0000000200000003, Time: 1_700_000_000_123, (int)type);

    private static readonly MultiTxn SampleMulti = new(
    [
        TxnCodec.EncodeMultiOp((int)OpCode.Create, new CreateTxn("/m/a", Samples.Data, Samples.Acls, Ephemeral: false, ParentCVersion: 1)),
        TxnCodec.EncodeMultiOp((int)OpCode.SetData, new SetDataTxn("/m", null, 2)),
        TxnCodec.EncodeMultiOp((int)OpCode.Check, new CheckVersionTxn("/m", 2)),
    ]);

    public static TheoryData<OpCode, object> Bodies => new()
    {
        { OpCode.CreateSession, new CreateSessionTxn(30_000) },
        { OpCode.CloseSession, new CloseSessionTxn(["/e1", "/app/e2"]) },
        { OpCode.Create, new CreateTxn(Samples.Path, Samples.Data, Samples.Acls, Ephemeral: true, ParentCVersion: 7) },
        { OpCode.Create2, new CreateTxn(Samples.Path, null, Samples.Acls, Ephemeral: false, ParentCVersion: 8) },
        { OpCode.CreateContainer, new CreateContainerTxn(Samples.Path, [], Samples.Acls, 9) },
        { OpCode.CreateTtl, new CreateTtlTxn(Samples.Path, Samples.Data, Samples.Acls, 10, 60_000) },
        { OpCode.Delete, new DeleteTxn(Samples.Path) },
        { OpCode.DeleteContainer, new DeleteTxn("/container") },
        { OpCode.SetData, new SetDataTxn(Samples.Path, Samples.Data, 11) },
        { OpCode.Reconfig, new SetDataTxn("/zookeeper/config", "server.1=a:2888:3888:participant;2181\nversion=200000003"u8.ToArray(), 12) },
        { OpCode.SetAcl, new SetAclTxn(Samples.Path, Samples.Acls, 13) },
        { OpCode.Check, new CheckVersionTxn(Samples.Path, 14) },
        { OpCode.Error, new ErrorTxn((int)KeeperErrorCode.NodeExists) },
        { OpCode.Multi, SampleMulti },
    };

    private static byte[] Encode(TxnHeader header, object txn) => Codec.Encode(w => TxnCodec.Write(w, header, txn));

    private static (TxnHeader Header, object? Txn) Decode(byte[] bytes)
    {
        var reader = new JuteReader(bytes);
        var result = TxnCodec.Read(ref reader);
        reader.ExpectEnd();
        return result;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_logged_txn_round_trips_through_header_and_body(OpCode type, object txn)
    {
        byte[] wire = Encode(Header(type), txn);

        var (header, decoded) = Decode(wire);

        Assert.Equal(Header(type), header);
        Assert.NotNull(decoded);
        Assert.Equal(txn.GetType(), decoded.GetType());
        Assert.Equal(wire, Encode(header, decoded));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Every_strict_prefix_of_a_logged_txn_is_rejected(OpCode type, object txn)
    {
        byte[] wire = Encode(Header(type), txn);

        for (int length = 0; length < wire.Length; length++)
        {
            byte[] prefix = wire[..length];
            Assert.Throws<JuteException>(() => Decode(prefix));
        }
    }

    [Fact]
    public void The_header_is_32_bytes_in_jute_field_order()
    {
        byte[] wire = Encode(Header(OpCode.CreateSession), new CreateSessionTxn(30_000));

        Assert.Equal(
            Codec.Hex("0100018bcfe56800 0000002a 0000000200000003 0000018bcfe5687b fffffff6" + "00007530"),
            wire);
    }

    [Fact]
    public void A_createSession_txn_carries_the_session_password_after_the_timeout_and_an_older_record_reads_without_it()
    {
        byte[] password = [.. Enumerable.Range(0xa0, 16).Select(i => (byte)i)];
        byte[] wire = Encode(Header(OpCode.CreateSession), new CreateSessionTxn(30_000, password));
        int legacyLength = 32 + 4;

        Assert.Equal(Codec.Hex("00007530 00000010 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"), wire[32..]);
        Assert.Equal(password, Assert.IsType<CreateSessionTxn>(Decode(wire).Txn).Passwd);
        Assert.Null(Assert.IsType<CreateSessionTxn>(Decode(wire[..legacyLength]).Txn).Passwd);
        for (int length = legacyLength + 1; length < wire.Length; length++)
        {
            byte[] prefix = wire[..length];
            Assert.Throws<JuteException>(() => Decode(prefix));
        }
    }

    [Fact]
    public void A_create_txn_keeps_its_fields_in_jute_order()
    {
        byte[] wire = Codec.Encode(new CreateTxn("/a", [0x78], Acl.OpenAclUnsafe, Ephemeral: true, ParentCVersion: 5));

        Assert.Equal(
            Codec.Hex("00000002 2f61" + "00000001 78" + "00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65" + "01" + "00000005"),
            wire);
    }

    [Theory]
    [InlineData(0)]    // notification
    [InlineData(3)]    // exists: a read, never logged
    [InlineData(101)]  // setWatches
    [InlineData(-12)]
    public void An_unknown_txn_type_is_rejected(int type)
    {
        byte[] wire = Codec.Encode(new TxnHeader(1, 1, 1, 1, type));

        var error = Assert.Throws<JuteException>(() => Decode(wire));
        Assert.Contains("unknown txn type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_body_that_does_not_match_the_header_type_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Encode(Header(OpCode.Delete), new SetDataTxn("/a", null, 1)));
        Assert.Throws<ArgumentException>(() => Codec.Encode(w => TxnCodec.Write(w, Header(OpCode.CreateSession), null)));
    }

    [Fact]
    public void Multi_sub_txns_decode_back_to_their_records()
    {
        var ops = SampleMulti.Txns.Select(op => TxnCodec.DecodeMultiOp(op)).ToList();

        Assert.Equal([(int)OpCode.Create, (int)OpCode.SetData, (int)OpCode.Check], SampleMulti.Txns.Select(t => t.Type));
        Assert.Equal("/m/a", Assert.IsType<CreateTxn>(ops[0]).Path);
        Assert.Equal(new SetDataTxn("/m", null, 2), ops[1]);
        Assert.Equal(new CheckVersionTxn("/m", 2), ops[2]);
    }

    [Fact]
    public void A_multi_sub_txn_is_the_jute_Txn_record_type_and_data()
    {
        var op = TxnCodec.EncodeMultiOp((int)OpCode.Delete, new DeleteTxn("/a"));

        Assert.Equal(Codec.Hex("00000002" + "00000006 00000002 2f61"), Codec.Encode(op));
    }

    [Fact]
    public void A_nested_multi_or_session_txn_cannot_be_a_multi_sub_txn()
    {
        Assert.Throws<ArgumentException>(() => TxnCodec.EncodeMultiOp((int)OpCode.Multi, SampleMulti));
        Assert.Throws<JuteException>(() => TxnCodec.DecodeMultiOp(new MultiTxnOp((int)OpCode.Multi, Codec.Encode(SampleMulti))));
        Assert.Throws<JuteException>(() => TxnCodec.DecodeMultiOp(new MultiTxnOp((int)OpCode.CreateSession, Codec.Hex("00007530"))));
    }

    [Fact]
    public void A_multi_sub_txn_with_trailing_or_missing_bytes_is_rejected()
    {
        Assert.Throws<JuteException>(() => TxnCodec.DecodeMultiOp(new MultiTxnOp((int)OpCode.Delete, Codec.Hex("00000002 2f61 00"))));
        Assert.Throws<JuteException>(() => TxnCodec.DecodeMultiOp(new MultiTxnOp((int)OpCode.Delete, Codec.Hex("00000002 2f"))));
    }

    [Fact]
    public void A_multi_txn_announcing_more_sub_txns_than_it_holds_is_rejected_before_allocating()
    {
        byte[] wire = [.. Codec.Encode(Header(OpCode.Multi)), .. Codec.Hex("10000000 00000002 00000000")];

        Assert.Throws<JuteException>(() => Decode(wire));
    }

    [Fact]
    public void Txns_can_be_written_back_to_back_into_one_log_buffer()
    {
        var output = new ArrayBufferWriter<byte>();
        TxnCodec.Write(new JuteWriter(output), Header(OpCode.Create), new CreateTxn("/a", null, Samples.Acls, false, 1));
        TxnCodec.Write(new JuteWriter(output), Header(OpCode.Delete), new DeleteTxn("/a"));

        var reader = new JuteReader(output.WrittenSpan);
        var first = TxnCodec.Read(ref reader);
        var second = TxnCodec.Read(ref reader);

        Assert.True(reader.IsAtEnd);
        Assert.IsType<CreateTxn>(first.Txn);
        Assert.Equal(new DeleteTxn("/a"), second.Txn);
    }
}
