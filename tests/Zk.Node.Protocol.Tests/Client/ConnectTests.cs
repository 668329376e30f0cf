using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Client;

/// <summary>Handshake layouts from §3 of the wire-protocol reference, written out field by field.</summary>
public sealed class ConnectTests
{
    // What cli_mt, kazoo and zkCli send for a new session with a 30 s timeout: 45 bytes.
    private const string NewSessionRequest45 =
        "00000000" +                          // protocolVersion 0
        "0000000000000000" +                  // lastZxidSeen 0
        "00007530" +                          // timeOut 30000
        "0000000000000000" +                  // sessionId 0
        "00000010" + "00000000000000000000000000000000" + // passwd: 16 zero bytes
        "00";                                 // readOnly false

    private const string ReattachResponse37 =
        "00000000" +                          // protocolVersion 0
        "00009c40" +                          // timeOut 40000
        "0100018bcfe56800" +                  // sessionId
        "00000010" + "0102030405060708090a0b0c0d0e0f10" +
        "01";                                 // readOnly true

    [Fact]
    public void A_new_session_request_from_current_clients_is_45_bytes_with_the_read_only_byte()
    {
        byte[] wire = Codec.Hex(NewSessionRequest45);
        var reader = new JuteReader(wire);

        var request = ConnectRequest.Read(ref reader, out bool hasReadOnlyByte);

        Assert.Equal(45, wire.Length);
        Assert.True(reader.IsAtEnd);
        Assert.True(hasReadOnlyByte);
        Assert.Equal(0, request.ProtocolVersion);
        Assert.Equal(0, request.LastZxidSeen);
        Assert.Equal(30_000, request.TimeOut);
        Assert.Equal(0, request.SessionId);
        Assert.Equal(new byte[16], request.Passwd);
        Assert.False(request.ReadOnly);
        Assert.Equal(wire, Codec.Encode(w => request.Write(w, includeReadOnlyByte: true)));
    }

    [Fact]
    public void A_44_byte_request_from_an_old_client_reads_without_the_read_only_byte()
    {
        byte[] wire = Codec.Hex(NewSessionRequest45)[..44];
        var reader = new JuteReader(wire);

        var request = ConnectRequest.Read(ref reader, out bool hasReadOnlyByte);

        Assert.False(hasReadOnlyByte);
        Assert.False(request.ReadOnly);
        Assert.Equal(30_000, request.TimeOut);
        Assert.Equal(wire, Codec.Encode(w => request.Write(w, includeReadOnlyByte: false)));
    }

    [Fact]
    public void A_read_only_request_sets_the_flag()
    {
        byte[] wire = Codec.Hex(NewSessionRequest45[..^2] + "01");
        var reader = new JuteReader(wire);

        Assert.True(ConnectRequest.Read(ref reader, out _).ReadOnly);
    }

    [Fact]
    public void The_response_to_a_45_byte_request_is_37_bytes()
    {
        var response = new ConnectResponse(0, 40_000, 0x0100018bcfe56800, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), ReadOnly: true);

        byte[] wire = Codec.Encode(w => response.Write(w, includeReadOnlyByte: true));

        Assert.Equal(Codec.Hex(ReattachResponse37), wire);
        Assert.Equal(ConnectResponse.WireSize, wire.Length);
    }

    [Fact]
    public void The_response_to_a_44_byte_request_is_36_bytes_without_the_read_only_byte()
    {
        var response = new ConnectResponse(0, 40_000, 0x0100018bcfe56800, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), ReadOnly: true);

        byte[] wire = Codec.Encode(w => response.Write(w, includeReadOnlyByte: false));

        Assert.Equal(Codec.Hex(ReattachResponse37)[..36], wire);
        var reader = new JuteReader(wire);
        var decoded = ConnectResponse.Read(ref reader, out bool hasReadOnlyByte);
        Assert.False(hasReadOnlyByte);
        Assert.Equal(0x0100018bcfe56800, decoded.SessionId);
    }

    [Fact]
    public void An_expired_session_answer_has_zero_timeout_zero_session_and_a_16_byte_zero_password()
    {
        var expired = new ConnectResponse(0, 0, 0, new byte[ConnectResponse.PasswordLength], ReadOnly: false);

        Assert.Equal(
            Codec.Hex("00000000 00000000 0000000000000000 00000010 00000000000000000000000000000000 00"),
            Codec.Encode(w => expired.Write(w, includeReadOnlyByte: true)));
    }

    [Fact]
    public void A_null_password_reads_as_empty()
    {
        var reader = new JuteReader(Codec.Hex("00000000 0000000000000000 00007530 0000000000000000 ffffffff 00"));

        Assert.Empty(ConnectRequest.Read(ref reader, out _).Passwd);
    }

    [Theory]
    [InlineData("00000000 0000000000000000 00007530 0000000000000000 fffffffe")] // passwd length -2
    [InlineData("00000000 0000000000000000 00007530 0000000000000000 00000011 00000000000000000000000000000000")] // 17 announced, 16 sent
    public void Malformed_connect_requests_are_rejected(string hex)
    {
        byte[] wire = Codec.Hex(hex);

        Assert.Throws<JuteException>(() =>
        {
            var reader = new JuteReader(wire);
            ConnectRequest.Read(ref reader, out _);
        });
    }
}
