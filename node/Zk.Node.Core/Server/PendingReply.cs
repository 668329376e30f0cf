using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Server;

/// <summary>
/// One slot in a connection's reply queue; slots leave strictly in request order. A slot is either waiting
/// for its txn (<see cref="AwaitedZxid"/>, filled in when the txn applies) or holds a producer that runs
/// when the slot reaches the head, so a read observes every earlier write of its session.
/// </summary>
internal sealed class PendingReply
{
    public required int Xid { get; init; }

    public required OpCode Type { get; init; }

    public required long ReceivedMs { get; init; }

    /// <summary>The txn whose application completes this slot; 0 when none.</summary>
    public long AwaitedZxid { get; set; }

    public byte[]? Payload { get; set; }

    public Func<byte[]?>? Produce { get; init; }

    /// <summary>Close the connection once this reply is queued (closeSession, auth failure, invalid re-attach).</summary>
    public bool CloseAfter { get; set; }

    /// <summary>The ConnectResponse of a new session: once sent, held frames are processed.</summary>
    public bool EstablishesSession { get; init; }

    /// <summary>Whether it is a request a client counts (pings and the handshake are not latency samples in cons).</summary>
    public bool CountsAsRequest { get; init; } = true;
}
