using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>cons: full per-connection details.</summary>
internal sealed class Cons : IFourLetterWord
{
    public string Name => "cons";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder();
        foreach (var c in context.Core.Stats.Connections)
        {
            text.Append(FormattableString.Invariant(
                $" /{c.RemoteAddress}[1](queued={c.Outstanding},recved={c.PacketsReceived},sent={c.PacketsSent},sid=0x{c.SessionId:x},lop={c.LastOperation},est={c.EstablishedMs},to={c.SessionTimeoutMs},lcxid=0x{c.LastCxid:x},lzxid=0x{c.LastZxid:x},lresp={c.LastResponseMs},llat={c.Latency.Last},minlat={c.Latency.Min},avglat={c.Latency.Average:0.####},maxlat={c.Latency.Max})\n"));
        }

        text.Append('\n');
        return text.ToString();
    }
}
