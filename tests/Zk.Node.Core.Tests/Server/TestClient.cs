using System.Buffers;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Core.Tests.Server;

/// <summary>A tiny in-test ZooKeeper client: encodes requests with the protocol records and decodes the frames the core emits.</summary>
internal sealed class TestClient(CoreHarness harness, ConnectionId id)
{
    private int _nextXid = 1;

    public ConnectionId Id { get; } = id;

    public long SessionId { get; private set; }

    public byte[] Password { get; private set; } = [];

    public int TimeoutMs { get; private set; }

    public bool IsClosed => harness.Closed.Contains(Id);

    public void SendConnect(ConnectRequest request, string remote = "10.0.0.7:40000", bool includeReadOnlyByte = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        request.Write(new JuteWriter(buffer), includeReadOnlyByte);
        harness.Core.Connect(Id, buffer.WrittenSpan, remote, harness.Now);
        harness.Pump();
    }

    public ConnectResponse ReadConnectResponse()
    {
        var payload = harness.Inbox(Id).Dequeue();
        var reader = new JuteReader(payload);
        var response = ConnectResponse.Read(ref reader);
        SessionId = response.SessionId;
        Password = response.Passwd;
        TimeoutMs = response.TimeOut;
        return response;
    }

    /// <summary>Sends a request with the next xid; returns the xid.</summary>
    public int Send<T>(OpCode type, T record, int? xid = null) where T : IJuteRecord<T>
    {
        int x = xid ?? _nextXid++;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(buffer);
        new RequestHeader(x, type).Write(writer);
        record.Write(writer);
        SendRaw(buffer.WrittenSpan.ToArray());
        return x;
    }

    public int SendEmpty(OpCode type, int? xid = null)
    {
        int x = xid ?? _nextXid++;
        var buffer = new ArrayBufferWriter<byte>();
        new RequestHeader(x, type).Write(new JuteWriter(buffer));
        SendRaw(buffer.WrittenSpan.ToArray());
        return x;
    }

    public void SendRaw(byte[] payload)
    {
        harness.Core.Receive(Id, payload, harness.Now);
        harness.Pump();
    }

    public int PendingFrames => harness.Inbox(Id).Count;

    /// <summary>The next frame: a reply or a notification (xid -1).</summary>
    public Frame Next()
    {
        Assert.True(harness.Inbox(Id).Count > 0, "expected a frame from the server");
        return new Frame(harness.Inbox(Id).Dequeue());
    }

    /// <summary>Next frame, which must be the reply to <paramref name="xid"/> with <paramref name="err"/>.</summary>
    public Frame Reply(int xid, KeeperErrorCode err = KeeperErrorCode.Ok)
    {
        var frame = Next();
        Assert.Equal(xid, frame.Header.Xid);
        Assert.Equal(err, frame.Header.Err);
        return frame;
    }

    public T Result<T>(int xid) where T : IJuteRecord<T> => Reply(xid).Body<T>();

    /// <summary>A decoded server frame.</summary>
    public sealed class Frame(byte[] payload)
    {
        public byte[] Payload { get; } = payload;

        public ReplyHeader Header
        {
            get
            {
                var reader = new JuteReader(Payload);
                return ReplyHeader.Read(ref reader);
            }
        }

        public int BodyLength => Payload.Length - ReplyHeader.WireSize;

        public T Body<T>() where T : IJuteRecord<T>
        {
            var reader = new JuteReader(Payload);
            ReplyHeader.Read(ref reader);
            var body = T.Read(ref reader);
            reader.ExpectEnd();
            return body;
        }

        public WatcherEvent Event
        {
            get
            {
                Assert.Equal(Xids.Notification, Header.Xid);
                return Body<WatcherEvent>();
            }
        }
    }
}
