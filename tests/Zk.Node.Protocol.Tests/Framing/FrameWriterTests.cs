using System.Buffers;
using System.IO.Pipelines;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Framing;

public sealed class FrameWriterTests
{
    private static readonly ReplyHeader Header = new(5, 0x0000000100000007, KeeperErrorCode.Ok);
    private static readonly GetDataResponse Body = new(new byte[300], Samples.Stat);

    private static byte[] Expected()
    {
        byte[] payload = [.. Codec.Encode(Header), .. Codec.Encode(Body)];
        return [.. Codec.Hex($"{payload.Length:x8}"), .. payload];
    }

    [Fact]
    public void A_frame_is_the_big_endian_payload_length_then_the_records()
    {
        var output = new ArrayBufferWriter<byte>();

        int length = FrameWriter.WriteFrame(output, Header, Body);

        Assert.Equal(Expected(), output.WrittenSpan.ToArray());
        Assert.Equal(output.WrittenCount - 4, length);
    }

    [Fact]
    public void The_length_is_back_filled_even_when_an_array_writer_grows_and_moves_its_buffer()
    {
        var output = new ArrayBufferWriter<byte>(initialCapacity: 1);
        output.Write(Codec.Hex("aabbcc"));

        FrameWriter.WriteFrame(output, Header, Body);

        Assert.Equal([.. Codec.Hex("aabbcc"), .. Expected()], output.WrittenSpan.ToArray());
    }

    [Fact]
    public async Task Frames_written_into_a_pipe_with_small_segments_decode_back()
    {
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 64, pauseWriterThreshold: 0));
        var frame = new FrameWriter();
        for (int i = 0; i < 3; i++)
        {
            var writer = frame.Begin(pipe.Writer);
            new ReplyHeader(i, i, KeeperErrorCode.Ok).Write(writer);
            Body.Write(writer);
            Assert.Equal(ReplyHeader.WireSize + Codec.Encode(Body).Length, frame.End());
        }

        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAsync();
        var buffer = result.Buffer;

        Assert.False(buffer.IsSingleSegment);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(FrameDecoder.TryReadFrame(ref buffer, JuteReader.DefaultMaxBufferLength, out var payload));
            var reader = new JuteReader(payload.ToArray());
            Assert.Equal(new ReplyHeader(i, i, KeeperErrorCode.Ok), ReplyHeader.Read(ref reader));
            Assert.Equal(Codec.Encode(Body), Codec.Encode(GetDataResponse.Read(ref reader)));
            Assert.True(reader.IsAtEnd);
        }

        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void A_connect_response_is_framed_without_a_header()
    {
        var output = new ArrayBufferWriter<byte>();
        var response = new ConnectResponse(0, 30_000, 1, new byte[16], ReadOnly: false);

        FrameWriter.WriteFrame(output, response);

        Assert.Equal(Codec.Hex("00000025"), output.WrittenSpan[..4].ToArray());
        Assert.Equal(4 + ConnectResponse.WireSize, output.WrittenCount);
    }

    [Fact]
    public void Begin_twice_or_end_without_begin_is_a_programming_error()
    {
        var frame = new FrameWriter();
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<InvalidOperationException>(() => frame.End());
        frame.Begin(output);
        Assert.Throws<InvalidOperationException>(() => frame.Begin(output));
        Assert.Equal(0, frame.End());
        Assert.Equal(Codec.Hex("00000000"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_frame_abandoned_half_way_leaves_the_writer_reusable()
    {
        var frame = new FrameWriter();
        var output = new ArrayBufferWriter<byte>();
        frame.Begin(output).WriteInt(1);

        frame.Abandon();

        Assert.False(frame.InFrame);
        frame.Begin(output).WriteInt(2);
        Assert.Equal(4, frame.End());
    }
}
