using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>
/// The first client frame, sent without a RequestHeader.
/// </summary>
/// <remarks>
/// <code>
/// protocolVersion:int | lastZxidSeen:long | timeOut:int | sessionId:long | passwd:buffer | [readOnly:boolean]
///        4                  8                  4              8             4 + 16           1
/// </code>
/// 45 bytes with the optional readOnly byte (C client, kazoo, Java 3.4+), 44 without (clients up to 3.3,
/// node-zookeeper-client). Whether the byte was present decides whether the ConnectResponse carries one.
/// </remarks>
public readonly record struct ConnectRequest(
    int ProtocolVersion,
    long LastZxidSeen,
    int TimeOut,
    long SessionId,
    byte[] Passwd,
    bool ReadOnly) : IJuteRecord<ConnectRequest>
{
    /// <summary>Payload length with a 16-byte password and the readOnly byte.</summary>
    public const int WireSize = 45;

    /// <summary>Payload length with a 16-byte password and no readOnly byte.</summary>
    public const int WireSizeWithoutReadOnly = 44;

    public static ConnectRequest Read(ref JuteReader reader) => Read(ref reader, out _);

    /// <summary>Reads either form; the readOnly byte is taken to be present when any input is left after passwd.</summary>
    public static ConnectRequest Read(ref JuteReader reader, out bool hasReadOnlyByte)
    {
        int protocolVersion = reader.ReadInt();
        long lastZxidSeen = reader.ReadLong();
        int timeOut = reader.ReadInt();
        long sessionId = reader.ReadLong();
        byte[] passwd = reader.ReadBuffer() ?? [];
        hasReadOnlyByte = !reader.IsAtEnd;
        bool readOnly = hasReadOnlyByte && reader.ReadBool();
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly);
    }

    /// <summary>Writes the 45-byte form every current client sends.</summary>
    public void Write(JuteWriter writer) => Write(writer, includeReadOnlyByte: true);

    public void Write(JuteWriter writer, bool includeReadOnlyByte)
    {
        writer.WriteInt(ProtocolVersion);
        writer.WriteLong(LastZxidSeen);
        writer.WriteInt(TimeOut);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Passwd);
        if (includeReadOnlyByte)
        {
            writer.WriteBool(ReadOnly);
        }
    }
}
