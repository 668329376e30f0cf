using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Fuzz.Election;

/// <summary>Property tests of the election channel: the connection handshake and FLE notifications.</summary>
public sealed class ElectionDecoderFuzzTests
{
    private static readonly Gen<Notification> Notifications =
        from state in Gen.Choose(-1, 4)
        from leader in JuteGen.Long
        from zxid in JuteGen.Long
        from electionEpoch in JuteGen.Long
        from peerEpoch in JuteGen.Long
        from config in JuteGen.Bytes
        select new Notification((ServerState)state, leader, zxid, electionEpoch, peerEpoch, config);

    private static readonly Gen<ElectionHandshake> Handshakes = Gen.OneOf(
        Gen.Choose(0, int.MaxValue).Select(sid => new ElectionHandshake(0, sid, "")),
        from version in Gen.Elements(ElectionHandshake.ProtocolVersionV1, ElectionHandshake.ProtocolVersionV2)
        from sid in JuteGen.Long
        from address in Gen.Elements("127.0.0.1:3888", "[::1]:3888|10.0.0.1:3888", "é:1")
        select new ElectionHandshake(version, sid, address));

    [Fact]
    public void Valid_notifications_round_trip()
    {
        var notification = RecordCase.Of("Notification", Notifications);
        FuzzRun.ForAll(nameof(Valid_notifications_round_trip), notification.Valid,
            bytes => Assert.Equal(bytes, DecodeNotification(bytes)));
    }

    [Fact]
    public void Hostile_notifications_decode_or_throw_JuteException()
    {
        var valid = Notifications.Select(RecordCase.Encode);
        FuzzRun.ForAll(nameof(Hostile_notifications_decode_or_throw_JuteException), Mutations.Hostile(valid),
            input => HostileInput.Decodes(input, bytes => DecodeNotification(bytes)));
    }

    [Fact]
    public void Valid_election_handshakes_round_trip_through_the_stream_reader()
    {
        FuzzRun.ForAll(nameof(Valid_election_handshakes_round_trip_through_the_stream_reader), Handshakes, handshake =>
        {
            byte[] bytes = RecordCase.Encode(handshake);
            var buffer = new ReadOnlySequence<byte>(bytes);
            Assert.True(ElectionHandshake.TryRead(ref buffer, out var read));
            Assert.Equal(0, buffer.Length);
            Assert.Equal(handshake, read);
        });
    }

    [Fact]
    public void Hostile_election_handshakes_decode_report_incomplete_or_throw_JuteException()
    {
        var valid = Handshakes.Select(RecordCase.Encode);
        var cuts = Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 3);
        FuzzRun.ForAll(nameof(Hostile_election_handshakes_decode_report_incomplete_or_throw_JuteException), Mutations.Hostile(valid).Zip(cuts),
            input => HostileInput.Decodes(input.Item1, bytes =>
            {
                // Split across pipe segments, as the election listener's PipeReader may hand it over.
                var buffer = Segments.Split(bytes, input.Item2);
                if (!ElectionHandshake.TryRead(ref buffer, out _))
                {
                    Assert.Equal(bytes.Length, buffer.Length);
                }

                var reader = new JuteReader(bytes);
                ElectionHandshake.Read(ref reader);
            }));
    }

    /// <summary>As PeerDriver.ElectionMessage reads one message of the election channel.</summary>
    private static byte[] DecodeNotification(byte[] message)
    {
        var reader = new JuteReader(message, message.Length);
        return RecordCase.Encode(Notification.Read(ref reader));
    }
}
