using System.Buffers;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Simulation.Zab;

/// <summary>A client bound to one member: opens a session, then creates uniquely named nodes one at a time.</summary>
internal sealed class SimClient(int number, long memberId)
{
    private int _xid;
    private string? _pendingPath;

    public int Number { get; } = number;

    public long MemberId { get; } = memberId;

    public ConnectionId? Connection { get; private set; }

    public bool Established { get; private set; }

    public int Writes { get; private set; }

    public static byte[] ConnectPayload() => Encode(w => new ConnectRequest(0, 0, 4000, 0, new byte[16], false).Write(w));

    public void Opened(ConnectionId connection)
    {
        Connection = connection;
        Established = false;
        _pendingPath = null;
    }

    public void Closed()
    {
        Connection = null;
        Established = false;
        _pendingPath = null;
    }

    /// <summary>The next request frame, or null while one is outstanding.</summary>
    public byte[]? NextWrite()
    {
        if (!Established || _pendingPath is not null)
        {
            return null;
        }

        _pendingPath = $"/c{Number}-{Writes++}";
        int xid = ++_xid;
        return Encode(w =>
        {
            new RequestHeader(xid, OpCode.Create).Write(w);
            new CreateRequest(_pendingPath, [1], Acl.OpenAclUnsafe, 0).Write(w);
        });
    }

    /// <summary>Handles a frame from the server; returns the path whose creation was acknowledged, if any.</summary>
    public string? Received(byte[] frame)
    {
        if (!Established)
        {
            Established = true;
            return null;
        }

        var reader = new JuteReader(frame, int.MaxValue);
        var header = ReplyHeader.Read(ref reader);
        if (header.Xid < 0 || _pendingPath is null)
        {
            return null;
        }

        string path = _pendingPath;
        _pendingPath = null;
        return header.Err == KeeperErrorCode.Ok ? path : null;
    }

    private static byte[] Encode(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
