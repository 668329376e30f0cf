using Zk.Node.Core.Requests;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Server;

/// <summary>What the core remembers about one client connection.</summary>
internal sealed class Connection(ConnectionId id, string remoteAddress, ConnectionStats stats)
{
    public ConnectionId Id { get; } = id;

    public string RemoteAddress { get; } = remoteAddress;

    public ConnectionStats Stats { get; } = stats;

    public ConnectionState State { get; set; } = ConnectionState.Established;

    public long SessionId { get; set; }

    public bool IncludeReadOnlyByte { get; set; }

    /// <summary>Auth is per connection: ip:&lt;address&gt; plus whatever auth packets and SASL added.</summary>
    public List<Id> AuthIds { get; } = [];

    public Queue<PendingReply> Replies { get; } = new();

    /// <summary>Frames received before the session was established, with their arrival times.</summary>
    public Queue<(byte[] Frame, long NowMs)> Held { get; } = new();

    public SaslDigestMd5Server? Sasl { get; set; }

    public long WatcherId => Id.Value;
}
