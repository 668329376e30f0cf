using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Fuzz.Client;

/// <summary>Property tests of everything the server decodes from a client connection.</summary>
public sealed class ClientDecoderFuzzTests
{
    private static readonly Gen<byte[]> ValidFrames =
        from request in ClientRequests.Valid
        from xid in JuteGen.Int
        select ClientFrames.Frame(xid, request.Type, request.Body);

    /// <summary>Where the socket pipe splits the stream into segments.</summary>
    private static readonly Gen<int[]> Cuts = Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 3).Or(Gen.Constant(Array.Empty<int>()));

    private static readonly Gen<byte[]> ValidStreams = Gen.ListOf(ValidFrames).Select(frames => frames.SelectMany(f => f).ToArray());

    private static readonly Gen<ConnectRequest> Connects =
        from version in JuteGen.Int
        from zxid in JuteGen.Long
        from timeout in JuteGen.Int
        from session in JuteGen.Long
        from password in JuteGen.Bytes
        from readOnly in JuteGen.Bool
        select new ConnectRequest(version, zxid, timeout, session, password, readOnly);

    [Fact]
    public void Valid_request_frames_round_trip()
    {
        FuzzRun.ForAll(nameof(Valid_request_frames_round_trip), ValidStreams.Zip(Cuts), input =>
        {
            var (stream, cuts) = input;
            var (requests, unconsumed) = ClientFrames.DecodeStream(Segments.Split(stream, cuts));
            Assert.Equal(0, unconsumed);
            var reencoded = requests.SelectMany(r => ClientFrames.Frame(r.Header.Xid, r.Header.Type, RequestEncoding.Encode(r.Record))).ToArray();
            Assert.Equal(stream, reencoded);
        });
    }

    [Fact]
    public void Hostile_request_streams_decode_report_incomplete_or_throw_JuteException()
    {
        FuzzRun.ForAll(nameof(Hostile_request_streams_decode_report_incomplete_or_throw_JuteException), Mutations.Hostile(ValidStreams).Zip(Cuts),
            input =>
            {
                var sequence = Segments.Split(input.Item1, input.Item2);
                HostileInput.Decodes(input.Item1, _ => ClientFrames.DecodeStream(sequence));
            });
    }

    [Fact]
    public void Hostile_request_payloads_decode_or_throw_JuteException()
    {
        // Below the framing: a payload whose header and body disagree, for every op code the server knows.
        var payloads = ClientRequests.Valid.SelectMany(r => JuteGen.Int.Select(xid => ClientFrames.Frame(xid, r.Type, r.Body)[4..]));
        FuzzRun.ForAll(nameof(Hostile_request_payloads_decode_or_throw_JuteException), Mutations.Hostile(payloads),
            payload => HostileInput.Decodes(payload, bytes => ClientFrames.DecodeRequest(bytes)));
    }

    [Fact]
    public void Every_truncation_of_a_valid_frame_is_incomplete_and_consumes_nothing()
    {
        FuzzRun.ForAll(nameof(Every_truncation_of_a_valid_frame_is_incomplete_and_consumes_nothing), ValidFrames, frame =>
        {
            for (int n = 0; n < frame.Length; n++)
            {
                var (requests, unconsumed) = ClientFrames.DecodeStream(frame[..n]);
                Assert.Empty(requests);
                Assert.Equal(n, unconsumed);
            }
        });
    }

    [Fact]
    public void Valid_connect_requests_round_trip_with_and_without_the_read_only_byte()
    {
        FuzzRun.ForAll(nameof(Valid_connect_requests_round_trip_with_and_without_the_read_only_byte), Connects.Zip(JuteGen.Bool), pair =>
        {
            var (request, withReadOnly) = pair;
            byte[] bytes = RecordCase.Write(w => request.Write(w, withReadOnly));
            var reader = new JuteReader(bytes);
            var read = ConnectRequest.Read(ref reader, out bool hasReadOnlyByte);
            reader.ExpectEnd();
            Assert.Equal(withReadOnly, hasReadOnlyByte);
            Assert.Equal(bytes, RecordCase.Write(w => read.Write(w, hasReadOnlyByte)));
        });
    }

    [Fact]
    public void Hostile_connect_requests_decode_or_throw_JuteException()
    {
        var valid = Connects.Zip(JuteGen.Bool).Select(pair => RecordCase.Write(w => pair.Item1.Write(w, pair.Item2)));
        FuzzRun.ForAll(nameof(Hostile_connect_requests_decode_or_throw_JuteException), Mutations.Hostile(valid), payload =>
            HostileInput.Decodes(payload, bytes =>
            {
                var reader = new JuteReader(bytes);
                ConnectRequest.Read(ref reader, out _);
                reader.ExpectEnd();
            }));
    }
}
