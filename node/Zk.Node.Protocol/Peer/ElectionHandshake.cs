using System.Buffers;
using System.Text;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Peer;

/// <summary>
/// The first message on an election connection (QuorumCnxManager's InitialMessage): who is connecting and
/// where its election port listens. After it, the channel carries length-prefixed <see cref="Notification"/>s.
/// </summary>
/// <remarks>
/// <code>
/// protocolVersion:long | sid:long | addressLength:int | address: addressLength bytes
///   -65535 (3.6+, addresses joined by '|') or -65536 (3.5, one address); 0 &lt; addressLength &lt;= 4096
/// </code>
/// A sender older than 3.5 writes only its sid (a non-negative long); that form reads with
/// <see cref="ProtocolVersion"/> 0 and an empty address. Any other negative protocol version is malformed.
/// </remarks>
public readonly record struct ElectionHandshake(long ProtocolVersion, long Sid, string ElectionAddress) : IJuteRecord<ElectionHandshake>
{
    public const long ProtocolVersionV1 = -65536;
    public const long ProtocolVersionV2 = -65535;

    /// <summary>ZooKeeper's limit on the address string (zookeeper.maxBuffer in InitialMessage).</summary>
    public const int MaxAddressLength = 4096;

    /// <summary>The current (3.6+) form.</summary>
    public ElectionHandshake(long sid, string electionAddress)
        : this(ProtocolVersionV2, sid, electionAddress)
    {
    }

    /// <summary>The addresses a 3.6+ peer listens on, in its order of preference.</summary>
    public IReadOnlyList<string> Addresses => ElectionAddress.Length == 0 ? [] : ElectionAddress.Split('|');

    /// <summary>Takes the handshake off the front of a connection's input; false (nothing consumed) until all of it has arrived.</summary>
    /// <exception cref="JuteException">an unknown protocol version or an address length outside 1..4096.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ElectionHandshake handshake)
    {
        handshake = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out long first))
        {
            return false;
        }

        if (first >= 0)
        {
            handshake = new ElectionHandshake(0, first, "");
            buffer = buffer.Slice(reader.Position);
            return true;
        }

        CheckVersion(first);
        if (!reader.TryReadBigEndian(out long sid) || !reader.TryReadBigEndian(out int length))
        {
            return false;
        }

        CheckAddressLength(length);
        if (reader.Remaining < length)
        {
            return false;
        }

        var address = reader.UnreadSequence.Slice(0, length);
        handshake = new ElectionHandshake(first, sid, Decode(address.IsSingleSegment ? address.FirstSpan : address.ToArray()));
        buffer = buffer.Slice(address.End);
        return true;
    }

    /// <summary>Reads the whole remaining input as one handshake (e.g. in tests or from a captured message).</summary>
    public static ElectionHandshake Read(ref JuteReader reader)
    {
        long first = reader.ReadLong();
        if (first >= 0)
        {
            return new ElectionHandshake(0, first, "");
        }

        CheckVersion(first);
        long sid = reader.ReadLong();

        // Same layout as a jute buffer: int length + bytes; null (-1) and empty are both invalid here.
        var address = reader.ReadBufferSpan(out bool isNull);
        CheckAddressLength(isNull ? -1 : address.Length);
        return new ElectionHandshake(first, sid, Decode(address));
    }

    /// <summary>Writes the 3.5+ form, or only the sid when <see cref="ProtocolVersion"/> is 0.</summary>
    public void Write(JuteWriter writer)
    {
        if (ProtocolVersion == 0)
        {
            writer.WriteLong(Sid);
            return;
        }

        if (string.IsNullOrEmpty(ElectionAddress))
        {
            throw new InvalidOperationException("a 3.5+ election handshake needs an address");
        }

        writer.WriteLong(ProtocolVersion);
        writer.WriteLong(Sid);
        writer.WriteString(ElectionAddress);
    }

    private static void CheckVersion(long version)
    {
        if (version is not ProtocolVersionV1 and not ProtocolVersionV2)
        {
            throw new JuteException($"unknown election protocol version {version}");
        }
    }

    private static void CheckAddressLength(int length)
    {
        if (length <= 0 || length > MaxAddressLength)
        {
            throw new JuteException($"election address length {length} is outside 1..{MaxAddressLength}");
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new JuteException("election address is not valid UTF-8");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
