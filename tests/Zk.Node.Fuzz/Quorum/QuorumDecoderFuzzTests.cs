using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Core.Quorum;
using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Fuzz.Quorum;

/// <summary>Property tests of the leader-learner stream and the records inside its packets.</summary>
public sealed class QuorumDecoderFuzzTests
{
    private const int MaxPacketLength = JuteReader.DefaultMaxBufferLength + 1024;

    /// <summary>Where the socket pipe splits the stream into segments.</summary>
    private static readonly Gen<int[]> Cuts = Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 3).Or(Gen.Constant(Array.Empty<int>()));

    private static readonly Gen<byte[]> ValidStreams =
        Gen.ListOf(QuorumRecords.Packet).Select(packets => packets.SelectMany(RecordCase.Encode).ToArray());

    [Fact]
    public void Valid_quorum_packet_streams_round_trip()
    {
        FuzzRun.ForAll(nameof(Valid_quorum_packet_streams_round_trip), ValidStreams.Zip(Cuts), input =>
        {
            var (stream, cuts) = input;
            var (packets, unconsumed) = DecodeStream(Segments.Split(stream, cuts));
            Assert.Equal(0, unconsumed);
            Assert.Equal(stream, packets.SelectMany(RecordCase.Encode).ToArray());
        });
    }

    [Fact]
    public void Hostile_quorum_packet_streams_decode_report_incomplete_or_throw_JuteException()
    {
        FuzzRun.ForAll(nameof(Hostile_quorum_packet_streams_decode_report_incomplete_or_throw_JuteException), Mutations.Hostile(ValidStreams).Zip(Cuts),
            input =>
            {
                var sequence = Segments.Split(input.Item1, input.Item2);
                HostileInput.Decodes(input.Item1, _ => DecodeStream(sequence));
            });
    }

    [Fact]
    public void Valid_txns_round_trip()
    {
        FuzzRun.ForAll(nameof(Valid_txns_round_trip), QuorumRecords.Txn, txn => Assert.Equal(txn, QuorumRecords.DecodeTxn(txn)));
    }

    [Fact]
    public void Hostile_txns_decode_or_throw_JuteException()
    {
        FuzzRun.ForAll(nameof(Hostile_txns_decode_or_throw_JuteException), Mutations.Hostile(QuorumRecords.Txn),
            txn => HostileInput.Decodes(txn, bytes => QuorumRecords.DecodeTxn(bytes)));
    }

    [Fact]
    public void Learner_info_round_trips_and_hostile_learner_info_throws_only_JuteException()
    {
        var learnerInfo = RecordCase.Of("LearnerInfo", QuorumRecords.LearnerInfo, maxBufferLength: 64);
        FuzzRun.ForAll("LearnerInfo round trip", learnerInfo.Valid, bytes => Assert.Equal(bytes, learnerInfo.DecodeAndReencode(bytes)));
        FuzzRun.ForAll("LearnerInfo hostile", Mutations.Hostile(learnerInfo.Valid),
            input => HostileInput.Decodes(input, bytes => learnerInfo.DecodeAndReencode(bytes)));
    }

    [Fact]
    public void New_leader_config_text_parses_or_is_refused_without_throwing()
    {
        var texts = Mutations.Hostile(QuorumRecords.ConfigText.Select(Encoding.UTF8.GetBytes));
        FuzzRun.ForAll(nameof(New_leader_config_text_parses_or_is_refused_without_throwing), texts, bytes =>
        {
            // The learner turns NEWLEADER / INFORMANDACTIVATE data into a config with TryParse: a refusal is an error string, never an exception.
            var config = QuorumConfig.TryParse(Encoding.UTF8.GetString(bytes), out string? error);
            Assert.True(config is not null || error is not null);
        });
    }

    private static (List<QuorumPacket> Packets, long Unconsumed) DecodeStream(ReadOnlySequence<byte> buffer)
    {
        var packets = new List<QuorumPacket>();
        while (true)
        {
            var before = buffer;
            if (!QuorumPacketStream.TryRead(ref buffer, MaxPacketLength, out var packet))
            {
                Assert.Equal(before, buffer);
                return (packets, buffer.Length);
            }

            packets.Add(packet);
        }
    }
}
