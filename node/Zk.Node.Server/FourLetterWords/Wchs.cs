namespace Zk.Node.Server.FourLetterWords;

/// <summary>wchs: watch summary.</summary>
internal sealed class Wchs : IFourLetterWord
{
    public string Name => "wchs";

    public string Execute(FourLetterContext context)
    {
        var w = context.Core.Watches;
        return FormattableString.Invariant($"{w.WatcherCount} connections watching {w.PathCount} paths\nTotal watches:{w.WatchCount}\n");
    }
}
