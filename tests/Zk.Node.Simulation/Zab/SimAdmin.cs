using System.Buffers;
using System.Text;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Simulation.Zab;

/// <summary>
/// An operator-like client that runs one reconfig at a time: connects to a serving member, authenticates as super,
/// sends the reconfig and remembers the outcome (the committed configuration text, or the error code).
/// </summary>
internal sealed class SimAdmin
{
    public const string SuperPassword = "super:sim";

    private const int ReconfigXid = 7;
    private byte[]? _request;
    private bool _sawConnect;

    public ConnectionId? Connection { get; private set; }

    public long MemberId { get; private set; }

    /// <summary>The configuration text of the last successful reconfig.</summary>
    public string? LastConfig { get; private set; }

    public KeeperErrorCode? LastError { get; private set; }

    public bool Busy => _request is not null;

    public void Begin(string? joining, string? leaving, string? newMembers)
    {
        LastError = null;
        _request = Encode(w =>
        {
            new RequestHeader(ReconfigXid, OpCode.Reconfig).Write(w);
            new ReconfigRequest(joining, leaving, newMembers, -1).Write(w);
        });
    }

    public void Opened(ConnectionId connection, long memberId)
    {
        Connection = connection;
        MemberId = memberId;
    }

    /// <summary>The frames to send once the session is established: auth, then the reconfig.</summary>
    public IEnumerable<byte[]> Frames()
    {
        yield return Encode(w =>
        {
            new RequestHeader(-4, OpCode.Auth).Write(w);
            new AuthPacket(0, "digest", Encoding.UTF8.GetBytes(SuperPassword)).Write(w);
        });
        yield return _request!;
    }

    /// <summary>A frame from the server; true when the connection's work is done (close it).</summary>
    public bool Received(byte[] frame, out bool established)
    {
        established = false;
        var reader = new JuteReader(frame, int.MaxValue);
        if (!_sawConnect)
        {
            _sawConnect = true;
            established = true;
            return false;
        }

        var header = ReplyHeader.Read(ref reader);
        if (header.Xid != ReconfigXid)
        {
            return false;
        }

        _request = null;
        if (header.Err == KeeperErrorCode.Ok)
        {
            LastConfig = Encoding.UTF8.GetString(GetDataResponse.Read(ref reader).Data ?? []);
        }
        else
        {
            LastError = header.Err;
        }

        return true;
    }

    public void Closed()
    {
        Connection = null;
        _sawConnect = false;
    }

    private static byte[] Encode(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
