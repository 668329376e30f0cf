using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>stat: srvr plus one line per client connection.</summary>
internal sealed class Stat : IFourLetterWord
{
    public string Name => "stat";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder();
        text.Append("Zookeeper version: ").Append(context.VersionLine).Append('\n');
        text.Append("Clients:\n");
        foreach (var connection in context.Core.Stats.Connections)
        {
            text.Append(FormattableString.Invariant($" /{connection.RemoteAddress}[1](queued={connection.Outstanding},recved={connection.PacketsReceived},sent={connection.PacketsSent})\n"));
        }

        text.Append('\n');
        Srvr.AppendBody(text, context);
        return text.ToString();
    }
}
