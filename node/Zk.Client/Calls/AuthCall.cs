using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// auth (100), always with xid -4. Request: AuthPacket{int type = 0, ustring scheme, buffer auth}. Reply: empty;
/// AuthFailed is followed by the server closing the connection. ZooKeeper answers auth ahead of queued requests,
/// so these replies are matched against their own queue, not the main FIFO.
/// </summary>
internal sealed class AuthCall(string scheme, byte[] auth) : ZkCall<bool>(null)
{
    public string Scheme => scheme;

    public byte[] Auth => auth;

    public override OpCode OpCode => OpCode.Auth;

    public override void WriteBody(JuteWriter writer) => new AuthPacket(0, scheme, auth).Write(writer);

    protected override bool Parse(ref JuteReader body) => true;
}
