using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>srvr: version, latency, packet counts, connections, outstanding, zxid, mode, node count.</summary>
internal sealed class Srvr : IFourLetterWord
{
    public string Name => "srvr";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder();
        text.Append("Zookeeper version: ").Append(context.VersionLine).Append('\n');
        AppendBody(text, context);
        return text.ToString();
    }

    /// <summary>The lines after the version line, shared with stat.</summary>
    public static void AppendBody(StringBuilder text, FourLetterContext context)
    {
        var stats = context.Core.Stats;
        text.Append(FormattableString.Invariant($"Latency min/avg/max: {stats.Latency.Min}/{stats.Latency.Average:0.####}/{stats.Latency.Max}\n"));
        text.Append(FormattableString.Invariant($"Received: {stats.PacketsReceived}\n"));
        text.Append(FormattableString.Invariant($"Sent: {stats.PacketsSent}\n"));
        text.Append(FormattableString.Invariant($"Connections: {context.Loop.Connections.Count}\n"));
        text.Append(FormattableString.Invariant($"Outstanding: {context.Core.OutstandingRequests}\n"));
        text.Append(FormattableString.Invariant($"Zxid: 0x{context.Core.LastZxid:x}\n"));
        text.Append("Mode: ").Append(context.Mode).Append('\n');
        text.Append(FormattableString.Invariant($"Node count: {context.Core.Tree.NodeCount}\n"));
    }
}
