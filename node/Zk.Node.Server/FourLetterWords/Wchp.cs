using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>wchp: watching sessions per path.</summary>
internal sealed class Wchp : IFourLetterWord
{
    public string Name => "wchp";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder();
        foreach (var (path, watchers) in context.Core.Watches.DumpByPath())
        {
            text.Append(path).Append('\n');
            foreach (long watcher in watchers)
            {
                long session = context.Core.Stats.TryGetConnection(new Core.Server.ConnectionId(watcher), out var c) ? c.SessionId : watcher;
                text.Append(FormattableString.Invariant($"\t0x{session:x}\n"));
            }
        }

        return text.ToString();
    }
}
