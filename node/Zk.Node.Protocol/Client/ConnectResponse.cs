using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>
/// The first server frame, sent without a ReplyHeader. timeOut = 0 with sessionId = 0 tells the client its
/// session expired.
/// </summary>
/// <remarks>
/// <code>
/// protocolVersion:int | timeOut:int | sessionId:long | passwd:buffer | [readOnly:boolean]
///        4                 4             8              4 + 16          1
/// </code>
/// 37 bytes when the request carried the readOnly byte, 36 when it did not. The password is always
/// 16 bytes because the C client reads a fixed 16.
/// </remarks>
public readonly record struct ConnectResponse(
    int ProtocolVersion,
    int TimeOut,
    long SessionId,
    byte[] Passwd,
    bool ReadOnly) : IJuteRecord<ConnectResponse>
{
    /// <summary>Payload length with a 16-byte password and the readOnly byte.</summary>
    public const int WireSize = 37;

    /// <summary>Payload length with a 16-byte password and no readOnly byte.</summary>
    public const int WireSizeWithoutReadOnly = 36;

    /// <summary>Length of the session password every client expects.</summary>
    public const int PasswordLength = 16;

    public static ConnectResponse Read(ref JuteReader reader) => Read(ref reader, out _);

    public static ConnectResponse Read(ref JuteReader reader, out bool hasReadOnlyByte)
    {
        int protocolVersion = reader.ReadInt();
        int timeOut = reader.ReadInt();
        long sessionId = reader.ReadLong();
        byte[] passwd = reader.ReadBuffer() ?? [];
        hasReadOnlyByte = !reader.IsAtEnd;
        bool readOnly = hasReadOnlyByte && reader.ReadBool();
        return new ConnectResponse(protocolVersion, timeOut, sessionId, passwd, readOnly);
    }

    public void Write(JuteWriter writer) => Write(writer, includeReadOnlyByte: true);

    /// <param name="includeReadOnlyByte">true exactly when the ConnectRequest carried its readOnly byte.</param>
    public void Write(JuteWriter writer, bool includeReadOnlyByte)
    {
        writer.WriteInt(ProtocolVersion);
        writer.WriteInt(TimeOut);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Passwd);
        if (includeReadOnlyByte)
        {
            writer.WriteBool(ReadOnly);
        }
    }
}
