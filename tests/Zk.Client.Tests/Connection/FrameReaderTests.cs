using System.Buffers;
using Zk.Client.Connection;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Tests.Connection;

public sealed class FrameReaderTests
{
    private static readonly byte[] TwoFrames = [0, 0, 0, 2, 0xaa, 0xbb, 0, 0, 0, 0];

    [Fact]
    public void Complete_frames_are_split_in_order()
    {
        var buffer = new ReadOnlySequence<byte>(TwoFrames);

        Assert.True(FrameReader.TryReadFrame(ref buffer, 100, out var first));
        Assert.True(FrameReader.TryReadFrame(ref buffer, 100, out var second));

        Assert.Equal(new byte[] { 0xaa, 0xbb }, first.ToArray());
        Assert.True(second.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Every_incomplete_prefix_consumes_nothing()
    {
        for (int length = 0; length < 6; length++)
        {
            var buffer = new ReadOnlySequence<byte>(TwoFrames, 0, length);

            Assert.False(FrameReader.TryReadFrame(ref buffer, 100, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void A_frame_split_across_segments_is_reassembled()
    {
        var buffer = Segments.Of([0, 0], [0, 3, 1], [2, 3]);

        Assert.True(FrameReader.TryReadFrame(ref buffer, 100, out var payload));

        Assert.Equal(new byte[] { 1, 2, 3 }, payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0, 0, 0, 101 })]
    public void Negative_or_oversized_lengths_are_rejected(byte[] prefix)
    {
        var buffer = new ReadOnlySequence<byte>(prefix);

        Assert.Throws<JuteException>(() => FrameReader.TryReadFrame(ref buffer, 100, out _));
    }
}
