using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>wchc: watched paths per session.</summary>
internal sealed class Wchc : IFourLetterWord
{
    public string Name => "wchc";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder();
        foreach (var (watcher, paths) in context.Core.Watches.DumpByWatcher())
        {
            long session = context.Core.Stats.TryGetConnection(new Core.Server.ConnectionId(watcher), out var c) ? c.SessionId : watcher;
            text.Append(FormattableString.Invariant($"0x{session:x}\n"));
            foreach (string path in paths)
            {
                text.Append('\t').Append(path).Append('\n');
            }
        }

        return text.ToString();
    }
}
