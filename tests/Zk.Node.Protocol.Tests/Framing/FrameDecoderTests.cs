using System.Buffers;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Framing;

public sealed class FrameDecoderTests
{
    private const int Max = JuteReader.DefaultMaxBufferLength;

    // Two frames back to back: a 5-byte payload and an empty one.
    private static readonly byte[] TwoFrames = Codec.Hex("00000005 0102030405" + "00000000");

    public static TheoryData<int> CutPoints()
    {
        var data = new TheoryData<int>();
        for (int cut = 0; cut <= TwoFrames.Length; cut++)
        {
            data.Add(cut);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void Complete_frames_are_taken_off_the_front_wherever_the_segments_split(int cut)
    {
        var buffer = Segments.Split(TwoFrames, cut);

        Assert.True(FrameDecoder.TryReadFrame(ref buffer, Max, out var first));
        Assert.True(FrameDecoder.TryReadFrame(ref buffer, Max, out var second));

        Assert.Equal(Codec.Hex("0102030405"), first.ToArray());
        Assert.True(second.IsEmpty);
        Assert.True(buffer.IsEmpty);
        Assert.False(FrameDecoder.TryReadFrame(ref buffer, Max, out _));
    }

    [Fact]
    public void One_byte_segments_still_yield_the_frames()
    {
        var buffer = Segments.Bytewise(TwoFrames);

        Assert.True(FrameDecoder.TryReadFrame(ref buffer, Max, out var first));
        Assert.Equal(Codec.Hex("0102030405"), first.ToArray());
        Assert.True(FrameDecoder.TryReadFrame(ref buffer, Max, out _));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Every_strict_prefix_of_a_frame_consumes_nothing()
    {
        byte[] frame = TwoFrames[..9];
        for (int length = 0; length < frame.Length; length++)
        {
            foreach (var prefix in new[] { new ReadOnlySequence<byte>(frame, 0, length), Segments.Bytewise(frame[..length]) })
            {
                var buffer = prefix;

                Assert.False(FrameDecoder.TryReadFrame(ref buffer, Max, out var payload));
                Assert.Equal(prefix.Length, buffer.Length);
                Assert.Equal(prefix.Start, buffer.Start);
                Assert.True(payload.IsEmpty);
            }
        }
    }

    [Theory]
    [InlineData("ffffffff")]          // -1
    [InlineData("80000000")]          // int.MinValue
    [InlineData("00100000")]          // 0x100000, one above jute.maxbuffer
    [InlineData("7fffffff")]
    [InlineData("61626364")]          // "abcd": not a four-letter word, so a huge length
    public void A_negative_or_oversized_length_throws_before_the_payload_arrives(string prefix)
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex(prefix));

        var error = Assert.Throws<FrameTooLargeException>(() => FrameDecoder.TryReadFrame(ref buffer, Max, out _));
        Assert.Equal(Max, error.MaxFrameLength);
        Assert.IsAssignableFrom<JuteException>(error);
    }

    [Fact]
    public void A_frame_of_exactly_the_limit_is_accepted()
    {
        byte[] bytes = new byte[4 + 10];
        bytes[3] = 10;
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(FrameDecoder.TryReadFrame(ref buffer, maxFrameLength: 10, out var payload));
        Assert.Equal(10, payload.Length);
    }

    [Fact]
    public void A_length_split_across_segments_is_checked_against_the_limit()
    {
        var buffer = Segments.Bytewise(Codec.Hex("0000000b 00"));

        Assert.Throws<FrameTooLargeException>(() => FrameDecoder.TryReadFrame(ref buffer, maxFrameLength: 10, out _));
    }

    public static TheoryData<string> Words => [.. FourLetterWords.All];

    [Theory]
    [MemberData(nameof(Words))]
    public void Every_known_four_letter_word_is_recognised(string word)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(word + "\n");

        Assert.True(FrameDecoder.IsFourLetterWord(Segments.Bytewise(bytes), out string recognised));
        Assert.Equal(word, recognised);
    }

    [Theory]
    [InlineData("00000000")]  // ConnectRequest frame lengths
    [InlineData("0000002d")]
    [InlineData("52554f4b")]  // "RUOK": the words are case-sensitive
    [InlineData("61626364")]  // "abcd"
    [InlineData("72756f")]    // "ruo": not enough bytes yet
    public void Other_first_bytes_are_not_a_four_letter_word(string hex)
    {
        Assert.False(FrameDecoder.IsFourLetterWord(new ReadOnlySequence<byte>(Codec.Hex(hex)), out string word));
        Assert.Equal("", word);
    }

    [Fact]
    public void The_list_holds_the_nineteen_words_zookeeper_knows()
    {
        Assert.Equal(19, FourLetterWords.All.Distinct().Count());
        Assert.All(FourLetterWords.All, w => Assert.Matches("^[a-z]{4}$", w));
    }
}
