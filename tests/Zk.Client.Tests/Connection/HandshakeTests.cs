using System.Buffers;
using Zk.Client.Connection;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Tests.Connection;

public sealed class HandshakeTests
{
    [Fact]
    public void The_connect_request_is_the_45_byte_form_every_modern_client_sends()
    {
        var output = new ArrayBufferWriter<byte>();

        Handshake.WriteRequest(output, lastZxidSeen: 0x1_0000_0002, timeoutMs: 30_000, sessionId: 0, password: null, readOnly: false);

        Assert.Equal(45, output.WrittenCount);
        var reader = new JuteReader(output.WrittenSpan);
        Assert.Equal(0, reader.ReadInt());
        Assert.Equal(0x1_0000_0002, reader.ReadLong());
        Assert.Equal(30_000, reader.ReadInt());
        Assert.Equal(0, reader.ReadLong());
        Assert.Equal(new byte[16], reader.ReadBuffer());
        Assert.False(reader.ReadBool());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Responses_with_and_without_the_read_only_byte_parse(bool withReadOnlyByte)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(output);
        writer.WriteInt(0);
        writer.WriteInt(4000);
        writer.WriteLong(0x0100_0000_0000_0001);
        writer.WriteBuffer(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        if (withReadOnlyByte)
        {
            writer.WriteBool(true);
        }

        var handshake = Handshake.ReadResponse(output.WrittenSpan);

        Assert.Equal(withReadOnlyByte ? 37 : 36, output.WrittenCount);
        Assert.Equal(4000, handshake.TimeoutMs);
        Assert.Equal(0x0100_0000_0000_0001, handshake.SessionId);
        Assert.Equal(16, handshake.Password.Length);
        Assert.Equal(withReadOnlyByte, handshake.ReadOnly);
        Assert.False(handshake.IsExpired);
    }
}
