using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// setWatches (101), always with xid -8, sent first after re-attaching a session. Request: SetWatches{long
/// relativeZxid, vector&lt;ustring&gt; dataWatches, vector&lt;ustring&gt; existWatches, vector&lt;ustring&gt; childWatches}.
/// The server fires whatever changed since relativeZxid before replying and re-arms the rest.
/// </summary>
internal sealed class SetWatchesCall(long relativeZxid, IReadOnlyList<string> data, IReadOnlyList<string> exist, IReadOnlyList<string> child)
    : ZkCall<bool>(null)
{
    public override OpCode OpCode => OpCode.SetWatches;

    public override void WriteBody(JuteWriter writer) => new SetWatches(relativeZxid, data, exist, child).Write(writer);

    protected override bool Parse(ref JuteReader body) => true;

}
