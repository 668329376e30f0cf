using System.Buffers;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Requests;

/// <summary>Encodes server frames (without the length prefix): ReplyHeader, then the body only when err is 0.</summary>
internal static class Replies
{
    public static byte[] Header(int xid, long zxid, KeeperErrorCode err)
    {
        var buffer = new ArrayBufferWriter<byte>(ReplyHeader.WireSize);
        new ReplyHeader(xid, zxid, err).Write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] With<T>(int xid, long zxid, T body) where T : IJuteRecord<T>
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new JuteWriter(buffer);
        new ReplyHeader(xid, zxid, KeeperErrorCode.Ok).Write(writer);
        body.Write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A failed SASL step: ZooKeeper sends the error header AND an empty SetSASLResponse, because a Java client in
    /// the middle of SASL reads every reply as a token; a bare header makes it report ConnectionLoss instead of AuthFailed.
    /// </summary>
    public static byte[] SaslFailure(int xid, KeeperErrorCode err)
    {
        var buffer = new ArrayBufferWriter<byte>(ReplyHeader.WireSize + 4);
        var writer = new JuteWriter(buffer);
        new ReplyHeader(xid, 0, err).Write(writer);
        writer.WriteBuffer((byte[]?)null);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A reply whose body is one of the response records (or null for an empty body).</summary>
    public static byte[] WithRecord(int xid, long zxid, object? body)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new JuteWriter(buffer);
        new ReplyHeader(xid, zxid, KeeperErrorCode.Ok).Write(writer);
        switch (body)
        {
            case null:
                break;
            case CreateResponse r:
                r.Write(writer);
                break;
            case Create2Response r:
                r.Write(writer);
                break;
            case SetDataResponse r:
                r.Write(writer);
                break;
            case SetAclResponse r:
                r.Write(writer);
                break;
            case MultiResponse r:
                r.Write(writer);
                break;
            case GetDataResponse r:
                r.Write(writer);
                break;
            default:
                throw new InvalidOperationException($"no reply encoding for {body.GetType().Name}");
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Notification(WatcherEvent watcherEvent) => With(Xids.Notification, -1L, watcherEvent);
}
