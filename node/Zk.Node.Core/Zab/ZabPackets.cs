using System.Buffers;
using System.Buffers.Binary;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Zab;

/// <summary>
/// The data layouts ZooKeeper puts inside <see cref="QuorumPacket"/>s.
/// <code>
/// FOLLOWERINFO/OBSERVERINFO  zxid = acceptedEpoch &lt;&lt; 32   data = LearnerInfo(sid, 0x10000, configVersion)
/// LEADERINFO                 zxid = newEpoch &lt;&lt; 32        data = protocolVersion:int (0x10000)
/// ACKEPOCH                   zxid = lastLoggedZxid         data = currentEpoch:int (-1 when LEADERINFO repeated the accepted epoch)
/// PROPOSAL / INFORM          zxid                          data = TxnHeader + txn
/// REQUEST                    zxid 0, authinfo              data = sessionId:long | cxid:int | type:int | request body
/// PING (learner → leader)    zxid = last logged            data = (sessionId:long | timeout:int)*
/// REVALIDATE (learner → leader) zxid 0                     data = sessionId:long | timeout:int
/// REVALIDATE (leader → learner) zxid 0                     data = sessionId:long | valid:bool (1 byte)
/// COMMITANDACTIVATE          zxid of the reconfig          data = designated leader sid:long
/// INFORMANDACTIVATE          zxid of the reconfig          data = designated leader sid:long | TxnHeader + txn
/// </code>
/// </summary>
internal static class ZabPackets
{
    public const int ProtocolVersion = 0x10000;

    public static byte[] Int(int value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(data, value);
        return data;
    }

    public static int ReadInt(byte[]? data) => data is { Length: >= 4 } ? BinaryPrimitives.ReadInt32BigEndian(data) : 0;

    public static byte[] LearnerInfoData(long sid, long configVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(20);
        new LearnerInfo(sid, ProtocolVersion, configVersion).Write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public static LearnerInfo ReadLearnerInfo(byte[]? data)
    {
        var reader = new JuteReader(data ?? [], 64);
        return LearnerInfo.Read(ref reader);
    }

    public static QuorumPacket Request(ForwardedRequest request)
    {
        var data = new byte[16 + request.Body.Length];
        BinaryPrimitives.WriteInt64BigEndian(data, request.SessionId);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), request.Cxid);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), (int)request.Type);
        request.Body.CopyTo(data, 16);
        return new QuorumPacket((int)PacketType.Request, 0, data, request.AuthIds);
    }

    public static ForwardedRequest? ReadRequest(QuorumPacket packet)
    {
        var data = packet.Data;
        if (data is null || data.Length < 16)
        {
            return null;
        }

        return new ForwardedRequest(
            BinaryPrimitives.ReadInt64BigEndian(data),
            BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(8)),
            (OpCode)BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(12)),
            data[16..],
            packet.Authinfo);
    }

    public static byte[] Touches(Dictionary<long, int> touches)
    {
        var data = new byte[touches.Count * 12];
        int at = 0;
        foreach (var (id, timeout) in touches.OrderBy(t => t.Key))
        {
            BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(at), id);
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(at + 8), timeout);
            at += 12;
        }

        return data;
    }

    public static IEnumerable<long> ReadTouches(byte[]? data)
    {
        if (data is null)
        {
            yield break;
        }

        for (int at = 0; at + 12 <= data.Length; at += 12)
        {
            yield return BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(at));
        }
    }

    public static long ZxidOf(byte[] record) => BinaryPrimitives.ReadInt64BigEndian(record.AsSpan(12));

    /// <summary>TxnHeader = clientId:long | cxid:int | zxid:long | time:long | type:int: the type sits at offset 28.</summary>
    public static bool IsReconfig(byte[] record) =>
        record.Length >= 32 && BinaryPrimitives.ReadInt32BigEndian(record.AsSpan(28)) == (int)OpCode.Reconfig;

    /// <summary>The configuration a reconfig txn record installs (version = its zxid), or null for any other txn.</summary>
    public static Quorum.QuorumConfig? ReconfigOf(byte[] record)
    {
        if (!IsReconfig(record))
        {
            return null;
        }

        var reader = new JuteReader(record, int.MaxValue);
        var (header, txn) = Protocol.Txn.TxnCodec.Read(ref reader);
        return txn is Protocol.Txn.SetDataTxn set && ConfigOf(set.Data) is { } config
            ? (config.Version == header.Zxid ? config : config.WithVersion(header.Zxid))
            : null;
    }

    /// <summary>Configuration text (NEWLEADER data, /zookeeper/config) parsed, or null.</summary>
    public static Quorum.QuorumConfig? ConfigOf(byte[]? text) =>
        text is { Length: > 0 } ? Quorum.QuorumConfig.TryParse(System.Text.Encoding.UTF8.GetString(text), out _) : null;

    public static byte[] RevalidateRequest(long sessionId, int timeoutMs)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(data, sessionId);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), timeoutMs);
        return data;
    }

    public static byte[] RevalidateAnswer(long sessionId, bool valid)
    {
        var data = new byte[9];
        BinaryPrimitives.WriteInt64BigEndian(data, sessionId);
        data[8] = valid ? (byte)1 : (byte)0;
        return data;
    }

    public static (long SessionId, bool Valid)? ReadRevalidateAnswer(byte[]? data) =>
        data is { Length: >= 9 } ? (BinaryPrimitives.ReadInt64BigEndian(data), data[8] != 0) : null;

    /// <summary>
    /// True when <paramref name="record"/> is one whole txn (header and the body its type names, each multi op too). A
    /// learner checks this before logging what the leader sent: a record that cannot be applied later would throw on
    /// the core thread at commit. ZooKeeper's follower likewise drops the leader when it cannot deserialize a txn.
    /// </summary>
    public static bool IsWellFormedTxn(byte[] record)
    {
        try
        {
            var reader = new JuteReader(record, int.MaxValue);
            var (_, txn) = Protocol.Txn.TxnCodec.Read(ref reader);
            reader.ExpectEnd();
            if (txn is Protocol.Txn.MultiTxn multi)
            {
                foreach (var op in multi.Txns)
                {
                    Protocol.Txn.TxnCodec.DecodeMultiOp(op, int.MaxValue);
                }
            }

            return true;
        }
        catch (JuteException)
        {
            return false;
        }
    }

    /// <summary>
    /// The txn record an INFORM / INFORMANDACTIVATE carries: all of INFORM's data, INFORMANDACTIVATE's after its 8-byte
    /// designated leader. Null when absent or when an INFORMANDACTIVATE is too short to hold the leader id (a leader
    /// must not crash its observers by sending that).
    /// </summary>
    public static byte[]? InformedRecord(QuorumPacket packet) => packet.PacketType switch
    {
        PacketType.InformAndActivate => packet.Data is { Length: >= 8 } data ? data[8..] : null,
        _ => packet.Data,
    };

    /// <summary>The designated leader at the front of COMMITANDACTIVATE / INFORMANDACTIVATE data, or null when absent.</summary>
    public static long? DesignatedLeaderOf(byte[]? data) =>
        data is { Length: >= 8 } ? BinaryPrimitives.ReadInt64BigEndian(data) : null;

    public static byte[] Long(long value)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(data, value);
        return data;
    }
}
