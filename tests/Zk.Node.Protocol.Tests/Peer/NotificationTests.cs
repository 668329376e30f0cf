using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Peer;

public sealed class NotificationTests
{
    private static readonly byte[] Config = "server.1=zk-0:2888:3888:participant;2181\nversion=100000000"u8.ToArray();

    // FastLeaderElection.buildMsg since 3.5: 44 bytes + config.
    private static string Current(byte[] config) =>
        "00000000" +             // state LOOKING
        "0000000000000003" +     // proposed leader 3
        "0000000100000005" +     // its zxid
        "0000000000000002" +     // electionEpoch
        "0000000000000001" +     // peerEpoch
        "00000002" +             // version
        $"{config.Length:x8}" + Convert.ToHexString(config);

    private static Notification Decode(byte[] bytes)
    {
        var reader = new JuteReader(bytes);
        return Notification.Read(ref reader);
    }

    [Fact]
    public void A_current_notification_is_44_bytes_plus_the_config()
    {
        var vote = new Notification(ServerState.Looking, 3, 0x0000000100000005, 2, 1, Config);

        byte[] wire = Codec.Encode(vote);

        Assert.Equal(Codec.Hex(Current(Config)), wire);
        Assert.Equal(Notification.HeaderSize + Config.Length, wire.Length);
        var decoded = Decode(wire);
        Assert.Equal((ServerState.Looking, 3L, 0x0000000100000005L, 2L, 1L, 2), (decoded.State, decoded.Leader, decoded.Zxid, decoded.ElectionEpoch, decoded.PeerEpoch, decoded.Version));
        Assert.Equal(Config, decoded.Config);
    }

    [Fact]
    public void A_28_byte_notification_from_3_3_takes_the_peer_epoch_from_the_zxid()
    {
        byte[] wire = Codec.Hex(Current(Config))[..28];

        var decoded = Decode(wire);

        Assert.Equal(1, decoded.PeerEpoch);
        Assert.Equal(0, decoded.Version);
        Assert.Empty(decoded.Config);
    }

    [Fact]
    public void A_40_byte_notification_from_3_4_has_no_config()
    {
        byte[] wire = Codec.Hex(Current([])[..72] + "00000001");

        var decoded = Decode(wire);

        Assert.Equal(1, decoded.PeerEpoch);
        Assert.Equal(1, decoded.Version);
        Assert.Empty(decoded.Config);
        Assert.Equal(wire, Codec.Encode(decoded));
    }

    [Fact]
    public void Every_strict_prefix_other_than_the_legacy_sizes_is_rejected()
    {
        var row = CodecCase.Of(new Notification(ServerState.Following, 1, 2, 3, 4, Config), validPrefixLengths: [28, 40]);

        RecordTable.AssertRoundTrips(row);
        RecordTable.AssertEveryStrictPrefixThrows(row);
    }

    [Theory]
    [InlineData("ffffffff")] // negative config length
    [InlineData("7fffffff")] // config longer than the message
    public void A_bad_config_length_is_rejected(string configLength)
    {
        byte[] wire = Codec.Hex(Current([])[..^8] + configLength);

        Assert.Throws<JuteException>(() => Decode(wire));
    }

    [Fact]
    public void An_unknown_state_is_kept_for_the_election_to_ignore()
    {
        byte[] wire = Codec.Hex("00000009" + Current(Config)[8..]);

        Assert.Equal(9, (int)Decode(wire).State);
    }
}
