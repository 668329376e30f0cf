using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Server;

/// <summary>A learner's client write on its way to the leader (a REQUEST packet); <paramref name="Body"/> excludes the RequestHeader.</summary>
internal sealed record ForwardedRequest(long SessionId, int Cxid, OpCode Type, byte[] Body, IReadOnlyList<Id> AuthIds);
